// The worker: runs this node's assigned tasks as containers. Assignment messages and container events
// only mark it dirty; each tick lists the containers, asks planWorker what to do, and does it. A slow
// periodic resync catches events the stream missed. A failing action is logged with its task and
// retried with backoff; the loop never dies of one task.
import type { Logger } from 'pino';
import { backoffDelayMs } from '../lib/backoff';
import { systemClock, systemTimers, type Clock, type TimerHandle, type Timers } from '../lib/clock';
import { ControlLoop } from '../lib/control-loop';
import { isTransient } from '../proto/errors';
import type { AssignmentsMessage__Output } from '../proto/generated/shoal/v1/AssignmentsMessage';
import type { Task, TaskState, TaskStatus } from '../proto/types';
import { planReceivedAssignments, type PartialSet } from './assignment-chunks';
import { NETWORK_LABEL } from './runtime/engine-api';
import type { ContainerRuntime } from './runtime/container-runtime';
import { toCreateBody, toNetworkConnects } from './runtime/container-spec';
import {
  isFinalRefusal,
  planWorker,
  type StartStep,
  type StatusReport,
  type TaskProgress,
  type WorkerAction,
} from './worker-plan';

/** Events come in bursts (a deploy, a node's complete set): gather them this long before a tick. */
const DEBOUNCE_MS = 20;
/** Re-list the containers this often even without events, in case the event stream missed one. */
export const RESYNC_INTERVAL_MS = 10_000;
/**
 * A task's failed action is retried after 200 ms, doubling to 10 s: an engine hiccup heals fast, a
 * broken one is not hammered.
 */
const ACTION_BACKOFF = { baseMs: 200, maxMs: 10_000 };

export interface WorkerOptions {
  runtime: ContainerRuntime;
  /** Sends a task status report to the manager (AgentSession.report). */
  report: (taskId: string, status: TaskStatus) => void;
  logger: Logger;
  clock?: Clock;
  timers?: Timers;
  resyncIntervalMs?: number;
  /**
   * Task addresses that are DNS or VIP backends in the network map last applied on this host (NetworkAgent.backends).
   */
  backends?: () => ReadonlySet<string>;
}

export class Worker {
  private readonly assigned = new Map<string, Task>();
  private haveCompleteSet = false;
  /** The chunks of a complete set received so far, applied only once the last comes. */
  private partialSet?: PartialSet;
  private readonly progress = new Map<string, TaskProgress>();
  /** Tasks whose container is being stopped, beside the loop. */
  private readonly stopping = new Set<string>();
  private readonly loop: ControlLoop;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private stopEvents?: () => void;
  private resyncTimer?: TimerHandle;
  /** Network id → gateway of the overlay networks on the engine, as of the last tick. */
  private gateways = new Map<string, string>();

  constructor(private readonly opts: WorkerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? systemTimers;
    this.loop = new ControlLoop({
      name: 'worker',
      debounceMs: DEBOUNCE_MS,
      tick: () => this.tick(),
      logger: opts.logger,
      clock: this.clock,
      timers: this.timers,
    });
  }

  start(): void {
    this.stopEvents = this.opts.runtime.events((e) => {
      if (!e.taskId) return;
      this.opts.logger.debug(
        { 'task.id': e.taskId, 'container.id': e.containerId, action: e.action, exitCode: e.exitCode },
        'container event',
      );
      this.loop.markDirty();
    });
    this.scheduleResync();
    this.loop.start();
  }

  /** Stops acting; containers are left as they are. */
  stop(): void {
    this.loop.stop();
    this.stopEvents?.();
    if (this.resyncTimer) this.timers.clearTimeout(this.resyncTimer);
    this.resyncTimer = undefined;
  }

  private scheduleResync(): void {
    this.resyncTimer = this.timers.setTimeout(() => {
      this.loop.markDirty();
      this.scheduleResync();
    }, this.opts.resyncIntervalMs ?? RESYNC_INTERVAL_MS);
  }

  /** A message from the manager: a change, applied now, or a chunk of a complete set, applied with its last. */
  onAssignments(msg: AssignmentsMessage__Output): void {
    const plan = planReceivedAssignments(this.partialSet, msg);
    this.partialSet = plan.partial;
    if (plan.dropped)
      this.opts.logger.warn({ 'assignments.sequence': msg.sequence, reason: plan.dropped }, 'assignments dropped');
    const update = plan.apply;
    if (!update) return;
    if (update.type === 'complete') {
      this.assigned.clear();
      this.haveCompleteSet = true;
    }
    for (const id of update.removedTaskIds) this.assigned.delete(id);
    for (const t of update.tasks) this.assigned.set(t.id, t);
    this.loop.markDirty();
  }

  /** The network agent applied a network map: networks may exist now, and backends may have left. */
  networksChanged(): void {
    this.loop.markDirty();
  }

  private async tick(): Promise<void> {
    const [containers, networks] = await Promise.all([this.opts.runtime.list(), this.opts.runtime.listNetworks()]);
    this.gateways = new Map(networks.map((n) => [n.labels[NETWORK_LABEL] ?? '', n.subnets[0]?.gateway ?? '']));
    const now = this.clock.now();
    const plan = planWorker({
      assigned: this.assigned,
      haveCompleteSet: this.haveCompleteSet,
      containers,
      progress: this.progress,
      now,
      readyNetworks: new Set(this.gateways.keys()),
      backends: this.opts.backends?.() ?? new Set(),
    });
    for (const id of plan.forget) this.progress.delete(id);
    for (const d of plan.drains) {
      this.progressOf(d.taskId).drainSince = d.since;
      this.opts.logger.debug(
        { 'task.id': d.taskId },
        'waiting for every host to stop sending to the task before stopping it',
      );
    }
    // A stop can take the task's whole grace period (10 s by default): it runs beside the loop, so
    // it never holds back the starts of the next tick, and is not planned twice while under way.
    const actions = plan.actions.filter((a) => !this.stopping.has(actionTaskId(a)));
    for (const a of actions) {
      if (a.kind !== 'stop' && a.kind !== 'fail') continue;
      this.stopping.add(a.taskId);
      void this.applyGuarded(a).finally(() => {
        this.stopping.delete(a.taskId);
        this.loop.markDirty();
      });
    }
    await Promise.all(actions.filter((a) => a.kind !== 'stop' && a.kind !== 'fail').map((a) => this.applyGuarded(a)));
    if (plan.wakeAt !== undefined) this.loop.wakeAtTime(plan.wakeAt, now);
  }

  /** Applies one action; a failure is this task's alone: logged, and retried after a backoff. */
  private async applyGuarded(a: WorkerAction): Promise<void> {
    const taskId = actionTaskId(a);
    try {
      await this.apply(a);
      const p = this.progress.get(taskId);
      if (p) p.failures = 0;
    } catch (err) {
      const p = this.progressOf(taskId);
      const now = this.clock.now();
      p.retryAt = now + backoffDelayMs(p.failures++, ACTION_BACKOFF);
      this.opts.logger.warn(
        { err, 'task.id': taskId, action: a.kind, attempt: p.failures },
        'task action failed; will retry',
      );
      this.loop.wakeAtTime(p.retryAt, now);
    }
  }

  private async apply(a: WorkerAction): Promise<void> {
    const rt = this.opts.runtime;
    switch (a.kind) {
      case 'report':
        return this.send(a.taskId, a.report);
      case 'start':
        return this.startTask(a.task);
      case 'start-created':
        await this.connect(a.containerId, a.connect);
        return this.startContainer(a.task, a.containerId);
      case 'stop':
        await rt.stop(a.containerId);
        this.send(a.taskId, {
          state: 'shutdown',
          message: 'stopped: no longer assigned',
          err: '',
          containerId: a.containerId,
          exitCode: 0,
        });
        this.opts.logger.info({ 'task.id': a.taskId, 'container.id': a.containerId }, 'container stopped');
        await rt.remove(a.containerId);
        return;
      case 'fail':
        this.send(a.taskId, a.report);
        this.opts.logger.warn(
          { 'task.id': a.taskId, 'container.id': a.containerId, err: a.report.err },
          'task failed; stopping its container',
        );
        await rt.stop(a.containerId);
        return;
      case 'remove':
        if (a.report) this.send(a.taskId, a.report);
        await rt.remove(a.containerId);
        return;
    }
  }

  private async startTask(task: Task): Promise<void> {
    const rt = this.opts.runtime;
    const image = task.spec.container.image;
    const shown = printable(image);
    this.send(task.id, this.progressReport('preparing', `checking image ${shown}`));
    let exists: boolean;
    try {
      exists = await rt.imageExists(image);
    } catch (err) {
      return this.rejectIfFinal(task, 'check-image', `checking image ${shown}`, err);
    }
    if (!exists) {
      this.send(task.id, this.progressReport('preparing', `pulling image ${shown}`));
      try {
        await rt.pullImage(image);
      } catch (err) {
        return this.rejectIfFinal(task, 'pull', `pulling image ${shown}`, err);
      }
    }
    this.send(task.id, this.progressReport('starting', 'creating container'));
    let id: string;
    try {
      id = await rt.create(toCreateBody(task, this.gateways));
    } catch (err) {
      return this.rejectIfFinal(task, 'create', 'creating container', err);
    }
    this.progressOf(task.id).containerId = id;
    await this.connect(id, toNetworkConnects(task));
    await this.startContainer(task, id);
  }

  /** A refusal no retry can change rejects the task; anything else is thrown, for a retry with backoff. */
  private rejectIfFinal(task: Task, step: StartStep, doing: string, err: unknown): void {
    if (!isFinalRefusal(step, err)) throw err;
    this.reject(task, printable(`${doing}: ${(err as Error).message}`));
  }

  /** Joins a created container to its further networks; a failure is retried (the next tick starts it as created). */
  private async connect(containerId: string, networks: readonly { network: string; ipv4: string }[]): Promise<void> {
    for (const n of networks) await this.opts.runtime.connectNetwork(containerId, n.network, n.ipv4);
  }

  /** Starts a created container; the next tick reports it running once the engine lists it so. */
  private async startContainer(task: Task, containerId: string): Promise<void> {
    this.send(task.id, { ...this.progressReport('starting', 'starting container'), containerId });
    try {
      await this.opts.runtime.start(containerId);
    } catch (err) {
      if (isTransient(err)) throw err;
      this.opts.logger.warn(
        { err, 'task.id': task.id, 'service.name': task.serviceName, 'container.id': containerId },
        'container did not start',
      );
      this.send(task.id, {
        state: 'failed',
        message: 'container did not start',
        err: `starting container: ${(err as Error).message}`,
        containerId,
        exitCode: 0,
      });
      return;
    }
    this.opts.logger.info(
      { 'task.id': task.id, 'service.name': task.serviceName, 'container.id': containerId },
      'container started',
    );
  }

  private reject(task: Task, err: string): void {
    this.opts.logger.warn({ 'task.id': task.id, 'service.name': task.serviceName, err }, 'task rejected');
    this.send(task.id, { state: 'rejected', message: 'rejected by the agent', err, containerId: '', exitCode: 0 });
  }

  private progressReport(state: TaskState, message: string): StatusReport {
    return { state, message, err: '', containerId: '', exitCode: 0 };
  }

  private progressOf(taskId: string): TaskProgress {
    let p = this.progress.get(taskId);
    if (!p) {
      p = { reported: '', containerId: '', message: '', failures: 0, retryAt: 0 };
      this.progress.set(taskId, p);
    }
    return p;
  }

  private send(taskId: string, r: StatusReport): void {
    const p = this.progressOf(taskId);
    p.reported = r.state;
    p.message = r.message;
    if (r.containerId) p.containerId = r.containerId;
    this.opts.report(taskId, { ...r, timestamp: this.clock.now() });
  }
}

function actionTaskId(a: WorkerAction): string {
  return a.kind === 'start' || a.kind === 'start-created' ? a.task.id : a.taskId;
}

/** Control characters (a NUL byte in an image reference) as \u escapes, so that a task's error reads as written. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
