// How a task changed, pure: what the loops wake up for. ClusterState sorts each task change of the watch with these.
import { isTerminal } from '../../domain/task-state';
import type { Task } from '../../proto/types';

/**
 * A task change the loops act on: created, deleted, moved to a node, its desired state changed,
 * its network addresses allocated (only then may it be placed and sent), or ended. Progress reports
 * (assigned → starting → running) are not: they change no decision, and at thousands of tasks a
 * second they must not wake the orchestrator, scheduler and dispatcher.
 */
export function isLifecycleChange(before: Task | undefined, after: Task | undefined): boolean {
  if (!before || !after) return true;
  return (
    before.nodeId !== after.nodeId ||
    before.desiredState !== after.desiredState ||
    before.addresses.length !== after.addresses.length ||
    isTerminal(before.status.state) !== isTerminal(after.status.state)
  );
}

/**
 * Whether a change is only the scheduler's work on a task: its addresses given, or it was placed on a node (from
 * none), its desired state and whether it has ended unchanged. Such a change reaches the nodes (a placed task is
 * assigned) but changes no reconcile unless the node it went to cannot keep it (the orchestrator checks that).
 */
export function isSchedulingOnly(before: Task | undefined, after: Task | undefined): boolean {
  if (!before || !after) return false;
  return (
    before.serviceId === after.serviceId &&
    (before.nodeId === after.nodeId || before.nodeId === '') &&
    before.desiredState === after.desiredState &&
    isTerminal(before.status.state) === isTerminal(after.status.state)
  );
}
