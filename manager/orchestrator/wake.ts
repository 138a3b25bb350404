// Which changes the orchestrator plans a service again for, pure. Every lifecycle change of a service's tasks
// would do, but the scheduler's own work (addresses given, tasks placed) comes at the rate tasks are placed, and a
// pass over a service costs all its tasks: planning a 1,000-task service again for every batch the scheduler writes
// made a deploy's cost grow with the square of its size. That work changes no plan, unless a task went to a node
// that cannot keep it (gone, down or drained since: see `unusableNode`), which the orchestrator must move it off.
import type { Node } from '../../proto/types';

/**
 * Whether a service whose tasks changed must be planned again: `scheduledOnly` holds the nodes its tasks were placed
 * on when that (or being given addresses) was all that changed, and is undefined when anything else did.
 */
export function needsReconcile(
  scheduledOnly: ReadonlySet<string> | undefined,
  nodeOf: (id: string) => Node | undefined,
): boolean {
  if (scheduledOnly === undefined) return true;
  for (const nodeId of scheduledOnly) {
    if (nodeId === '') continue;
    const node = nodeOf(nodeId);
    if (node === undefined || node.status !== 'ready' || node.availability === 'drain') return true;
  }
  return false;
}
