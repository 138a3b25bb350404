// The rolling update, pure: from a service (spec, spec version, update status), its slots as the
// reconcile settled them, and the time, the next step of the update: which old tasks to shut down,
// which slots get a task of the new spec, and how the update status moves on.
//
// A batch is `parallelism` slots (0: all). stop-first shuts a slot's old task down as it creates the
// new one; start-first creates the new one first and shuts the old one down once the new one runs.
// The next batch starts when every task of the batch runs (running means healthy when the task has
// a healthcheck: the agent reports running only then) and `delay` has passed since the last of them
// started. A task of the update that ends on its own (fails, is rejected, exits) within `monitor` of
// starting to run, or before it ever ran, is a failure; once failures / slots the update replaces
// (as in Swarm: every slot not on the new spec when it started) exceed `max_failure_ratio`,
// `failure_action` applies: pause, continue, or roll back to the previous spec (a rollback that fails
// pauses). The update completes `monitor` after its last task started; once over, it still replaces
// the slots it never reached (a global service's node down or paused throughout), counting no failure.
//
// Everything it needs is in the store, so an update resumes after a manager restart; only when an
// ended task had started running is remembered by the orchestrator loop (`seenRunningAt`). An end
// whose start the loop did not see counts as a failure when it came after the loop started
// (`watchingSince`), and is not counted when it came before (see failedWithinMonitor).
import { taskName } from '../../domain/naming';
import { endedOnItsOwn, isTerminal } from '../../domain/task-state';
import type { Service, Task, UpdateConfig } from '../../proto/types';
import { isUpdateInProgress, isUpdatePaused } from '../../domain/update-state';
import { withPreviousSpec, withUpdateState } from './update-status';

export interface UpdateSlot {
  /** 1..replicas; 0 for a global service's slot, which is its node. */
  slot: number;
  nodeId: string;
  tasks: readonly Task[];
  /** The task holding the slot after the reconcile; null when the reconcile creates one. */
  holder: Task | null;
  /** A task of an older spec that keeps serving while its start-first successor (the holder) starts. */
  outgoing: Task | null;
  /**
   * The outgoing task is moving off its node (drained, or rebalanced): it leaves once the holder
   * runs, whatever the update order.
   */
  moving: boolean;
}

export interface UpdateInput {
  service: Service;
  slots: readonly UpdateSlot[];
  /** When tasks were seen running, kept by the loop for tasks that have ended since. */
  seenRunningAt: ReadonlyMap<string, number>;
  /** When the orchestrator loop started (manager start or leader change): `seenRunningAt` knows nothing before it. */
  watchingSince: number;
  now: number;
}

export interface UpdateStep {
  /** Slots that get a task of the service's spec now. */
  create: { slot: number; nodeId: string }[];
  shutdown: { taskId: string; reason: string }[];
  /** The service with its update status moved on, or switched to its previous spec. */
  service?: Service;
  /** Look again at this time: a batch delay or the final monitor ends. */
  wakeAt?: number;
  /** Look again when a task of the service starts running: the update waits for one. */
  followProgress: boolean;
}

export function planRollingUpdate(input: UpdateInput): UpdateStep {
  const { service, slots, now } = input;
  const status = service.updateStatus;
  const rollingBack = status?.state.startsWith('rollback') ?? false;
  const config = rollingBack ? service.spec.rollbackConfig : service.spec.updateConfig;
  const step: UpdateStep = { create: [], shutdown: [], followProgress: false };
  retireOutgoing(slots, config, step);
  if (!status || isUpdatePaused(status.state)) return step;
  const inProgress = isUpdateInProgress(status.state);

  const isCurrent = (t: Task): boolean => t.specVersion === service.specVersion;
  const isOfUpdate = (t: Task): boolean => isCurrent(t) && t.meta.createdAt >= status.startedAt;
  // A slot still to update: held by another spec, and no task of the update ended in it. One that
  // did is a start-first try that ended while the old task served: the restart policy has it (its
  // successor runs the spec, see reconcile.ts settleHolder), and when the policy declines, trying
  // it again would overrule it.
  const stale = slots
    .filter((s) => s.holder !== null && !isCurrent(s.holder) && !s.tasks.some((t) => isOfUpdate(t) && endedOnItsOwn(t)))
    .sort((a, b) => a.slot - b.slot || a.nodeId.localeCompare(b.nodeId));
  // Once the update is over (completed, rolled back), it still replaces the slots it never reached: a
  // global service's task on a node that was down or paused throughout has no slot until the node is
  // ready and active again. Swarm's updater likewise updates the dirty tasks whenever the service is
  // reconciled. It goes per the update config (parallelism, order, delay) but counts no failure: the
  // status stays as it is, and the restart policy alone looks after the new tasks.
  if (!inProgress && stale.length === 0) return step;
  const failed = inProgress
    ? slots.flatMap((s) => s.tasks.filter((t) => isOfUpdate(t) && failedWithinMonitor(t, config.monitorMs, input)))
    : [];
  // Swarm's ratio: over the slots the update replaces, which are those it has created tasks in and
  // those still to do (empty, or held by another spec); a slot already on the spec when it started is not.
  const replaced = slots.filter((s) => s.holder === null || !isCurrent(s.holder) || s.tasks.some(isOfUpdate)).length;
  if (failed.length > 0 && failed.length / replaced > config.maxFailureRatio && config.failureAction !== 'continue') {
    return { ...step, service: stopOnFailure(service, config, failed, now) };
  }

  const failures = new Set(failed);
  const failedIn = (s: UpdateSlot): boolean => s.tasks.some((t) => failures.has(t));
  const moveOn = config.failureAction === 'continue';
  if (slots.some((s) => !(moveOn && failedIn(s)) && inFlight(s, isOfUpdate))) return { ...step, followProgress: true };

  const started = slots
    .map((s) => s.holder)
    .filter((t): t is Task => t !== null && isOfUpdate(t) && t.status.state === 'running');
  const lastStart = started.length > 0 ? Math.max(...started.map((t) => t.status.timestamp)) : undefined;
  if (stale.length > 0) {
    if (lastStart !== undefined && now < lastStart + config.delayMs)
      return { ...step, wakeAt: lastStart + config.delayMs };
    const batch = config.parallelism === 0 ? stale : stale.slice(0, config.parallelism);
    const reason = `${rollingBack ? 'rolling back' : 'updating'} to spec version ${service.specVersion}`;
    for (const s of batch) {
      if (config.order !== 'start-first') step.shutdown.push({ taskId: s.holder!.id, reason });
      step.create.push({ slot: s.slot, nodeId: s.nodeId });
    }
    return { ...step, followProgress: true };
  }
  if (lastStart !== undefined && now < lastStart + config.monitorMs)
    return { ...step, wakeAt: lastStart + config.monitorMs };
  const done = rollingBack
    ? withUpdateState(service, 'rollback_completed', status.message, now)
    : withUpdateState(service, 'completed', 'update completed', now);
  return { ...step, service: done };
}

/**
 * A start-first slot's old task leaves once its successor runs, or at once when the order is not
 * start-first (unless it is moving), even while the successor is still being created.
 */
function retireOutgoing(slots: readonly UpdateSlot[], config: UpdateConfig, step: UpdateStep): void {
  for (const s of slots) {
    if (s.outgoing === null) continue;
    if (s.holder?.status.state === 'running' || (!s.moving && config.order !== 'start-first')) {
      step.shutdown.push({ taskId: s.outgoing.id, reason: s.holder ? `replaced by task ${s.holder.id}` : 'replaced' });
    } else if (s.holder !== null) step.followProgress = true;
  }
}

/**
 * Whether the update waits for the slot: its task is being created, a task of the update has yet to
 * run, or a start-first slot's old task has yet to leave. A slot whose task is moving off its node
 * (drained, rebalanced) waits only for a replacement of the update: one of an older spec, pending or
 * ended, is for the update to replace, so a move that cannot finish does not hold the update up.
 */
function inFlight(s: UpdateSlot, isOfUpdate: (t: Task) => boolean): boolean {
  if (s.holder === null || (s.outgoing !== null && !s.moving)) return true;
  const state = s.holder.status.state;
  return isOfUpdate(s.holder) && !isTerminal(state) && (state !== 'running' || s.outgoing !== null);
}

/**
 * A task of the update that ended on its own within `monitor` of starting to run, or before. When
 * it started is known only from the loop (`seenRunningAt`), which forgets on a restart. An end the
 * loop saw coming after it started, without a start, was a quick one: a failure. An end from before
 * the loop started, with nothing known of its start, is not counted: the manager that saw it judged
 * it then, and counting it now could roll back for a task that ran well past the monitor. This is
 * Swarm's rule: its updater counts only the failures it observes after it starts. (The end time is
 * the agent's clock, the loop's start the manager's: a skew moves the line by that much.)
 */
function failedWithinMonitor(
  t: Task,
  monitorMs: number,
  watch: Pick<UpdateInput, 'seenRunningAt' | 'watchingSince'>,
): boolean {
  if (!endedOnItsOwn(t)) return false;
  const ranFrom = watch.seenRunningAt.get(t.id);
  if (ranFrom === undefined) return t.status.timestamp >= watch.watchingSince;
  return t.status.timestamp - ranFrom < monitorMs;
}

/** Pause, or roll back, after too many failures; the message names the latest failure. */
function stopOnFailure(service: Service, config: UpdateConfig, failed: readonly Task[], now: number): Service {
  const last = failed.reduce((a, b) => (b.status.timestamp > a.status.timestamp ? b : a));
  const detail = last.status.err || last.status.message;
  const why =
    `task ${taskName(service.spec.name, last.slot, last.nodeId)} ${last.status.state}` + (detail ? `: ${detail}` : '');
  if (service.updateStatus?.state === 'rollback_started') return withUpdateState(service, 'rollback_paused', why, now);
  if (config.failureAction === 'rollback') {
    return (
      withPreviousSpec(service, why, now) ??
      withUpdateState(service, 'paused', `${why}; no previous spec to roll back to`, now)
    );
  }
  return withUpdateState(service, 'paused', why, now);
}
