// The scheduler's filters: whether a node can take a task, and, when it cannot, why, in words a user
// reads in `shoal service ps` ("no suitable node: 2 nodes lack memory, 1 node is down").
// Static filters depend only on the node and the task's spec, so the scheduler runs them once per
// spec; load filters depend on what is already placed and are re-checked as tasks are placed.
import type { NodeMatcher } from '../../domain/constraint';
import type { Node } from '../../proto/types';

/** Why a node cannot take a task: the first filter it fails. */
export type Rejection = 'down' | 'paused' | 'drained' | 'constraints' | 'cpu' | 'memory' | 'max-replicas';

/** Filter order: also the order of equal counts in an explanation. */
const REJECTIONS: readonly Rejection[] = ['down', 'drained', 'paused', 'constraints', 'cpu', 'memory', 'max-replicas'];

/** What follows "1 node" and "2 nodes". */
const PHRASES: Record<Rejection, readonly [singular: string, plural: string]> = {
  down: ['is down', 'are down'],
  drained: ['is drained', 'are drained'],
  paused: ['is paused', 'are paused'],
  constraints: ['does not satisfy the constraints', 'do not satisfy the constraints'],
  cpu: ['lacks CPU', 'lack CPU'],
  memory: ['lacks memory', 'lack memory'],
  'max-replicas': ['has reached max replicas per node', 'have reached max replicas per node'],
};

/** The task's reservation: what a node must have free to take it. */
export interface Reservation {
  nanoCpus: number;
  memoryBytes: number;
}

/**
 * The first static filter the node fails, or null when it passes them all. `constraints` (compiled)
 * is null when the spec's constraints do not parse: such a spec fits no node.
 */
export function staticRejection(node: Node, constraints: readonly NodeMatcher[] | null): Rejection | null {
  if (node.status !== 'ready') return 'down';
  if (node.availability !== 'active') return node.availability === 'drain' ? 'drained' : 'paused';
  if (constraints === null) return 'constraints';
  for (const matches of constraints) if (!matches(node)) return 'constraints';
  return null;
}

/**
 * The first load filter the node fails given what is placed on it, or null. `serviceTasks` counts
 * the service's tasks on the node; `maxPerNode` 0 is unlimited.
 */
export function loadRejection(
  need: Reservation,
  freeNanoCpus: number,
  freeMemoryBytes: number,
  serviceTasks: number,
  maxPerNode: number,
): Rejection | null {
  if (need.nanoCpus > freeNanoCpus) return 'cpu';
  if (need.memoryBytes > freeMemoryBytes) return 'memory';
  if (maxPerNode > 0 && serviceTasks >= maxPerNode) return 'max-replicas';
  return null;
}

export type RejectionCounts = Map<Rejection, number>;

export function countRejection(counts: RejectionCounts, r: Rejection): void {
  counts.set(r, (counts.get(r) ?? 0) + 1);
}

/** Why no node could take a task: most common reason first. */
export function explainUnplaced(nodeCount: number, counts: RejectionCounts): string {
  if (nodeCount === 0) return 'no nodes';
  const parts = REJECTIONS.filter((r) => (counts.get(r) ?? 0) > 0)
    .sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))
    .map((r) => {
      const n = counts.get(r) ?? 0;
      return `${n} ${n === 1 ? 'node' : 'nodes'} ${PHRASES[r][n === 1 ? 0 : 1]}`;
    });
  return `no suitable node: ${parts.join(', ')}`;
}
