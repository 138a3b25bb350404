// The rolling update, pure: from a service (spec, spec version, update status), its slots as the
// reconcile settled them, and the time, the next step of the update: which old tasks to shut down,
// which slots get a task of the new spec, and how the update status moves on.
//
// A batch is `parallelism` slots (0: all). stop-first shuts a slot's old task down as it creates the
// new one; start-first creates the new one first and shuts the old one down once the new one runs.
// The next batch starts when every task of the batch runs (running means healthy when the task has
// a healthcheck: the agent reports running only then) and `delay` has passed since the last of them
// started. A task of the update that ends on its own (fails, is rejected, exits) within `monitor` of
// starting to run, or before it ever ran, is a failure; once failures / tasks of the update exceed
// `max_failure_ratio`, `failure_action` applies: pause, continue, or roll back to the previous spec
// (a rollback that fails pauses). The update completes `monitor` after its last task started.
//
// Everything it needs is in the store, so an update resumes after a manager restart; only when an
// ended task had started running is remembered by the orchestrator loop (`seenRunningAt`), and an end
// whose start was not seen counts as a failure.
import { taskName } from '../../proto/naming';
import { endedOnItsOwn, isTerminal } from '../../proto/task-state';
import type { Service, Task, UpdateConfig } from '../../proto/types';
import { isUpdateInProgress } from '../../proto/update-state';
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
  /** The outgoing task is moving off its node (drained, or rebalanced): it leaves once the holder runs, whatever the update order. */
  moving: boolean;
}

export interface UpdateInput {
  service: Service;
  slots: readonly UpdateSlot[];
  /** When tasks were seen running, kept by the loop for tasks that have ended since. */
  seenRunningAt: ReadonlyMap<string, number>;
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
  if (!status || !isUpdateInProgress(status.state)) return step;

  const isCurrent = (t: Task): boolean => t.specVersion === service.specVersion;
  const isOfUpdate = (t: Task): boolean => isCurrent(t) && t.meta.createdAt >= status.startedAt;
  const updated = slots.flatMap((s) => s.tasks.filter(isOfUpdate));
  const failed = updated.filter((t) => failedWithinMonitor(t, config.monitorMs, input.seenRunningAt));
  if (failed.length > 0 && failed.length / updated.length > config.maxFailureRatio && config.failureAction !== 'continue') {
    return { ...step, service: stopOnFailure(service, config, failed, now) };
  }

  const failures = new Set(failed);
  const failedIn = (s: UpdateSlot): boolean => s.tasks.some((t) => failures.has(t));
  const moveOn = config.failureAction === 'continue';
  const inFlight = slots.some(
    (s) =>
      !(moveOn && failedIn(s)) &&
      (s.outgoing !== null || s.holder === null || (isOfUpdate(s.holder) && s.holder.status.state !== 'running' && !isTerminal(s.holder.status.state))),
  );
  if (inFlight) return { ...step, followProgress: true };

  const started = slots.map((s) => s.holder).filter((t): t is Task => t !== null && isOfUpdate(t) && t.status.state === 'running');
  const lastStart = started.length > 0 ? Math.max(...started.map((t) => t.status.timestamp)) : undefined;
  // A slot whose new task failed (start-first kept its old one) had its try in this update.
  const stale = slots
    .filter((s) => s.holder !== null && !isCurrent(s.holder) && !failedIn(s))
    .sort((a, b) => a.slot - b.slot || a.nodeId.localeCompare(b.nodeId));
  if (stale.length > 0) {
    if (lastStart !== undefined && now < lastStart + config.delayMs) return { ...step, wakeAt: lastStart + config.delayMs };
    const batch = config.parallelism === 0 ? stale : stale.slice(0, config.parallelism);
    const reason = `${rollingBack ? 'rolling back' : 'updating'} to spec version ${service.specVersion}`;
    for (const s of batch) {
      if (config.order !== 'start-first') step.shutdown.push({ taskId: s.holder!.id, reason });
      step.create.push({ slot: s.slot, nodeId: s.nodeId });
    }
    return { ...step, followProgress: true };
  }
  if (lastStart !== undefined && now < lastStart + config.monitorMs) return { ...step, wakeAt: lastStart + config.monitorMs };
  const done = rollingBack
    ? withUpdateState(service, 'rollback_completed', status.message, now)
    : withUpdateState(service, 'completed', 'update completed', now);
  return { ...step, service: done };
}

/** A start-first slot's old task leaves once its successor runs, or at once when the order is no longer start-first (unless it is moving). */
function retireOutgoing(slots: readonly UpdateSlot[], config: UpdateConfig, step: UpdateStep): void {
  for (const s of slots) {
    if (s.outgoing === null || s.holder === null) continue;
    if (s.holder.status.state === 'running' || (!s.moving && config.order !== 'start-first')) {
      step.shutdown.push({ taskId: s.outgoing.id, reason: `replaced by task ${s.holder.id}` });
    } else step.followProgress = true;
  }
}

function failedWithinMonitor(t: Task, monitorMs: number, seenRunningAt: ReadonlyMap<string, number>): boolean {
  if (!endedOnItsOwn(t)) return false;
  const ranFrom = seenRunningAt.get(t.id);
  return ranFrom === undefined || t.status.timestamp - ranFrom < monitorMs;
}

/** Pause, or roll back, after too many failures; the message names the latest failure. */
function stopOnFailure(service: Service, config: UpdateConfig, failed: readonly Task[], now: number): Service {
  const last = failed.reduce((a, b) => (b.status.timestamp > a.status.timestamp ? b : a));
  const detail = last.status.err || last.status.message;
  const why = `task ${taskName(service.spec.name, last.slot, last.nodeId)} ${last.status.state}${detail ? `: ${detail}` : ''}`;
  if (service.updateStatus?.state === 'rollback_started') return withUpdateState(service, 'rollback_paused', why, now);
  if (config.failureAction === 'rollback') {
    return withPreviousSpec(service, why, now) ?? withUpdateState(service, 'paused', `${why}; no previous spec to roll back to`, now);
  }
  return withUpdateState(service, 'paused', why, now);
}
