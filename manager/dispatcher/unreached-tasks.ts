// Tasks that never reached their node, pure: one placed on a node in its session and taken away before
// it was ever sent reached no agent, so no agent will report it ended; the dispatcher ends it instead.
import type { Task } from '../../proto/types';
import type { StatusReport } from './status-updates';

/** What the plan reads of a session. */
export interface SessionSnapshot {
  nodeId: string;
  /** When the session was registered, on the store's clock. */
  registeredAt: number;
  /** Every task sent in the session, while it is on the node: what an agent may have started. */
  everSent: ReadonlySet<string>;
}

export interface UnreachedPlan {
  /** Tasks of `everSent` no longer on the node: to forget. */
  leftNode: string[];
  /** A report ending each task taken away before it reached the node, as its agent would have. */
  reports: StatusReport[];
}

/**
 * Before assignments go out (`changed` as for planAssignmentDiff: with `complete`, every task on the
 * node): which sent tasks left the node, and which tasks to end. A task is ended when it is on the
 * node, no longer desired running, still `assigned`, assigned in this session (an older session's
 * agent may have it) and never sent in it. `now` stamps the reports.
 */
export function planUnreached(
  session: SessionSnapshot,
  type: 'complete' | 'incremental',
  changed: ReadonlyMap<string, Task | undefined>,
  now: number,
): UnreachedPlan {
  const onNode = (id: string) => changed.get(id)?.nodeId === session.nodeId;
  const considered =
    type === 'complete' ? [...session.everSent] : [...changed.keys()].filter((id) => session.everSent.has(id));
  const reports: StatusReport[] = [];
  for (const t of changed.values()) {
    if (t === undefined || t.nodeId !== session.nodeId) continue;
    if (
      t.desiredState === 'running' ||
      t.status.state !== 'assigned' ||
      t.status.timestamp < session.registeredAt ||
      session.everSent.has(t.id)
    )
      continue;
    reports.push({
      taskId: t.id,
      status: { ...t.status, state: 'shutdown', message: 'taken away before it reached its node', timestamp: now },
    });
  }
  return { leftNode: considered.filter((id) => !onNode(id)), reports };
}
