// Node liveness, pure: which ready nodes missed their heartbeats for longer than the timeout, and how
// much of a silence is the manager's own fault.
import type { Node } from '../../proto/types';

export interface LivenessVerdict {
  nodeId: string;
  silentForMs: number;
}

/** `lastSeen` holds the last heartbeat (or registration, or manager start) per node, epoch ms. */
export function planNodesDown(
  nodes: readonly Node[],
  lastSeen: ReadonlyMap<string, number>,
  now: number,
  timeoutMs: number,
): LivenessVerdict[] {
  const out: LivenessVerdict[] = [];
  for (const n of nodes) {
    if (n.status !== 'ready') continue;
    const silentForMs = now - (lastSeen.get(n.id) ?? 0);
    if (silentForMs > timeoutMs) out.push({ nodeId: n.id, silentForMs });
  }
  return out;
}

/**
 * How long the manager itself was stalled (a blocked event loop, a stopped process) between two
 * liveness checks `intervalMs` apart: the time beyond the interval plus `toleranceMs` of timer jitter.
 * Heartbeats that arrived meanwhile wait unread in the sockets, so the stall is credited to every node
 * (their last-seen times move forward by it) instead of being counted as their silence.
 */
export function managerStallMs(previousCheckAt: number, now: number, intervalMs: number, toleranceMs: number): number {
  const late = now - previousCheckAt - intervalMs;
  return late > toleranceMs ? late : 0;
}
