// Node liveness, pure: which ready nodes missed their heartbeats for longer than the timeout.
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
