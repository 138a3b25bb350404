// Which agents to ask for a service's logs, pure: the tasks that have a container, grouped by node.
// A node that cannot answer (down, or its agent not connected) gets one notice naming the tasks whose
// logs are missing, instead of a request that would never be answered.
import { taskName } from '../../domain/naming';
import { isTerminal } from '../../domain/task-state';
import type { Node, Task } from '../../proto/types';

/** A task whose log is read, and what its lines are tagged with. */
export interface TaskLogSource {
  taskId: string;
  containerId: string;
  service: string;
  slot: number;
  nodeId: string;
  /** The node's hostname. */
  node: string;
}

export interface LogPlan {
  /** By node id: the containers to read there. */
  requests: Map<string, TaskLogSource[]>;
  notices: string[];
  /** The tasks asked for (and, without follow, those noticed as unreachable), so none is planned twice. */
  handled: string[];
  /** Following: the live tasks whose node cannot answer now, to ask for again once it can. */
  unreachable: string[];
}

/**
 * Plans reads for the tasks not `handled` yet. Every task that ever got a container is asked for on
 * a node that can answer (an ended task's container may still be there; one already removed yields
 * nothing); on a node that cannot, only tasks not ended are worth a notice, once (`noticed`): when
 * following they are not handled, so a later plan asks for them when their node's agent is back
 * (or its log channel open again after a restart). When following, a task
 * still `starting` waits: its agent reports that state before the container starts (or while its
 * healthcheck has not passed), and the engine ends a follow of a container that is not running at
 * once; it is planned once running or ended, its lines since the start included.
 */
export function planLogTargets(
  tasks: readonly Task[],
  nodesById: ReadonlyMap<string, Node>,
  hasChannel: (nodeId: string) => boolean,
  handled: ReadonlySet<string>,
  follow: boolean,
  noticed: ReadonlySet<string> = new Set(),
): LogPlan {
  const plan: LogPlan = { requests: new Map(), notices: [], handled: [], unreachable: [] };
  const missing = new Map<string, string[]>();
  const ordered = [...tasks].sort(
    (a, b) => a.slot - b.slot || a.nodeId.localeCompare(b.nodeId) || a.meta.createdAt - b.meta.createdAt,
  );
  for (const t of ordered) {
    if (handled.has(t.id) || !t.nodeId || !t.status.containerId || (follow && t.status.state === 'starting')) continue;
    if (nodesById.get(t.nodeId)?.status === 'ready' && hasChannel(t.nodeId)) {
      plan.handled.push(t.id);
      const source = {
        taskId: t.id,
        containerId: t.status.containerId,
        service: t.serviceName,
        slot: t.slot,
        nodeId: t.nodeId,
        node: hostname(nodesById, t.nodeId),
      };
      plan.requests.set(t.nodeId, [...(plan.requests.get(t.nodeId) ?? []), source]);
      continue;
    }
    const live = !isTerminal(t.status.state);
    if (live && follow) plan.unreachable.push(t.id);
    else plan.handled.push(t.id);
    if (live && !noticed.has(t.id))
      missing.set(t.nodeId, [...(missing.get(t.nodeId) ?? []), taskName(t.serviceName, t.slot, t.nodeId)]);
  }
  for (const [nodeId, names] of missing) {
    const why =
      nodesById.get(nodeId)?.status === 'ready' ? 'its agent is not connected to the manager' : 'the node is down';
    plan.notices.push(`${hostname(nodesById, nodeId)}: ${why}; no logs from ${names.join(', ')}`);
  }
  return plan;
}

function hostname(nodesById: ReadonlyMap<string, Node>, nodeId: string): string {
  return nodesById.get(nodeId)?.description.hostname ?? nodeId;
}
