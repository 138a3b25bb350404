// What an agent is told to run, pure: the tasks on its node that it must run, and what changed in
// that since its session was last sent.
import { isLive } from '../../domain/task-state';
import type { Task } from '../../proto/types';
import { hasNetworkAddresses } from '../allocator/plan';

/**
 * Whether a node must run the task: on the node, desired running, not ended (an ended task is never
 * started again; the orchestrator replaces it), and with its network addresses (a global task is
 * created on its node before it has them). Anything else the node has is not its own.
 */
export function isAssigned(t: Task, nodeId: string): boolean {
  return t.nodeId === nodeId && isLive(t) && hasNetworkAddresses(t);
}

export interface AssignmentDiff {
  /** Tasks the session has not been sent yet. */
  added: Task[];
  removedIds: string[];
}

/**
 * What to tell a node about the tasks in `changed` (each id with the task now, or undefined when it
 * is gone): the ones it must run and was not sent, and the ones it was sent and must no longer run.
 * Given every task on the node and nothing sent, that is its complete set. A task's spec never
 * changes (an update is a new task), so an agent hears of a task once when it is assigned and once
 * when it is taken away; status changes are the agent's own news.
 */
export function planAssignmentDiff(
  nodeId: string,
  sent: ReadonlySet<string>,
  changed: ReadonlyMap<string, Task | undefined>,
): AssignmentDiff {
  const added: Task[] = [];
  const removedIds: string[] = [];
  for (const [id, t] of changed) {
    const assigned = t !== undefined && isAssigned(t, nodeId);
    if (assigned && !sent.has(id)) added.push(t);
    else if (!assigned && sent.has(id)) removedIds.push(id);
  }
  return { added, removedIds };
}
