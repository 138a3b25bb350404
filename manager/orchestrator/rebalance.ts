// The rebalance, pure: from a replicated service whose tasks all run, which one task to move so that
// its tasks even out across the nodes that may take them (max minus min tasks per node at most 1).
// A move is start-first: a new task for the slot, placed on the least-loaded node only (the task's
// target node), while the slot's running task keeps serving; the reconcile shuts that one down once
// the new one runs (reconcile.ts, settleSlot), and the next move waits until then. So the service
// never runs fewer than its replicas during a rebalance, and one task moves at a time. A move whose
// target can no longer take it (gone, down, paused, drained, no longer matching) is cancelled by the
// reconcile, and the rebalance plans again from the settled slots.
//
// It runs while the service opts in (spec.rebalance, `x-shoal: {rebalance: true}`) or a rebalance was
// requested (`shoal service update --rebalance`), which is cleared once the tasks are even; never
// while an update is in progress or paused: a moved task runs the service's current spec, so a move
// during a paused update would roll out the spec that was paused. Tasks on nodes that may take no new
// task (paused, drained, down, or no longer matching the constraints) are neither counted nor moved:
// pause keeps its tasks, and the reconcile moves the others.
import { compileConstraints } from '../../domain/constraint';
import { compareStrings } from '../../lib/compare';
import type { Node, Service } from '../../proto/types';
import { isUpdateInProgress, isUpdatePaused } from '../../domain/update-state';
import { staticRejection } from '../scheduler/filters';
import type { UpdateSlot } from './update';

export interface RebalanceInput {
  service: Service;
  /** The service's slots as the reconcile settled them. */
  slots: readonly UpdateSlot[];
  nodes: readonly Node[];
}

export interface RebalanceStep {
  /** One task to move: its slot gets a new task placed on `targetNodeId` only. */
  move?: { slot: number; taskId: string; fromNodeId: string; targetNodeId: string };
  /** The service with its rebalance request cleared: its tasks are even. */
  service?: Service;
}

export function planRebalance(input: RebalanceInput): RebalanceStep {
  const { service, slots } = input;
  if (service.spec.mode !== 'replicated' || !(service.spec.rebalance || service.rebalanceRequested)) return {};
  const update = service.updateStatus?.state;
  if (isUpdateInProgress(update) || isUpdatePaused(update)) return {};
  // A slot that is starting, moving or empty is in flight: one move at a time, from a settled service.
  if (slots.some((s) => s.holder === null || s.outgoing !== null || s.holder.status.state !== 'running')) return {};

  const constraints = compileConstraints(service.spec.placement.constraints);
  const counts = new Map<string, number>();
  for (const n of input.nodes) if (staticRejection(n, constraints) === null) counts.set(n.id, 0);
  for (const s of slots) {
    const n = counts.get(s.holder!.nodeId);
    if (n !== undefined) counts.set(s.holder!.nodeId, n + 1);
  }
  const order = [...counts].sort(([a, x], [b, y]) => x - y || compareStrings(a, b));
  const [least, most] = [order[0], order.at(-1)];
  if (least === undefined || most === undefined || most[1] - least[1] <= 1) {
    return service.rebalanceRequested ? { service: { ...service, rebalanceRequested: false } } : {};
  }
  const from = slots.filter((s) => s.holder!.nodeId === most[0]).reduce((a, b) => (b.slot > a.slot ? b : a));
  return { move: { slot: from.slot, taskId: from.holder!.id, fromNodeId: most[0], targetNodeId: least[0] } };
}
