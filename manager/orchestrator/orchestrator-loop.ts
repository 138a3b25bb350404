// The orchestrator loop: keeps each service's tasks what its spec asks for (replicas, global
// nodes, restarts, replacement of tasks on lost nodes, rolling updates) by applying reconcile plans.
import type { Logger } from 'pino';
import { systemTimers, type Clock, type Timers } from '../../lib/clock';
import type { Node, Service, Task } from '../../proto/types';
import { ControlLoop } from '../../lib/control-loop';
import { isUpdateInProgress } from '../../domain/update-state';
import type { ChangeSet, ClusterState } from '../state/cluster-state';
import { commitInBatches } from '../store/batched-commit';
import type { Store, WriteOp } from '../store/store';
import { reconcileRemovedService, reconcileService, type ReconcilePlan } from './reconcile';
import type { PlannedTask } from './slot';
import { needsReconcile } from './wake';

/** Gather changes for 10 ms: a scale to hundreds of replicas becomes a few batched writes. */
const ORCHESTRATOR_DEBOUNCE_MS = 10;

/** A new task for a slot (or, for a global service, a node), carrying the spec it runs. */
export function newTask(service: Service, planned: PlannedTask, id: string, now: number): Task {
  const { slot, nodeId, restartAt } = planned;
  return {
    id,
    meta: { version: 0, createdAt: now, updatedAt: now },
    serviceId: service.id,
    serviceName: service.spec.name,
    slot,
    nodeId,
    desiredState: 'running',
    status: {
      state: nodeId ? 'assigned' : 'pending',
      message:
        restartAt > now
          ? `restart delayed until ${new Date(restartAt).toISOString()}`
          : nodeId
            ? 'assigned to its node'
            : 'waiting for a node',
      err: '',
      timestamp: now,
      containerId: '',
      exitCode: 0,
    },
    spec: service.spec,
    specVersion: service.specVersion,
    restartAt,
    addresses: [],
    targetNodeId: planned.targetNodeId ?? '',
  };
}

export class OrchestratorLoop {
  private readonly loop: ControlLoop;
  private dirty = new Set<string>();
  private all = true;
  /**
   * Services whose update waits for a task to start running: a progress report is no lifecycle
   * change, so it is watched here.
   */
  private readonly following = new Set<string>();
  /** Services to plan again at a time: an update's batch delay or monitor ends. */
  private readonly wakeAt = new Map<string, number>();
  /** Per service being updated, when its tasks were seen running: an update's monitor needs it once they have ended. */
  private readonly seenRunning = new Map<string, Map<string, number>>();
  /** When this loop started: `seenRunning` knows nothing of the tasks that ended before (see update.ts). */
  private startedAt = 0;
  private readonly onChange = (c: ChangeSet) => {
    if (c.kinds.has('nodes')) this.all = true;
    for (const id of c.serviceIds) if (needsReconcile(c.scheduledOnly.get(id), this.nodeOf)) this.dirty.add(id);
    if (c.kinds.has('tasks')) for (const id of this.following) this.dirty.add(id);
    if (this.all || this.dirty.size) this.loop.markDirty();
  };
  private readonly nodeOf = (id: string) => this.state.get('nodes', id);

  constructor(
    private readonly state: ClusterState,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly newId: () => string,
    timers: Timers = systemTimers,
  ) {
    this.loop = new ControlLoop({
      name: 'orchestrator',
      debounceMs: ORCHESTRATOR_DEBOUNCE_MS,
      tick: () => this.tick(),
      logger,
      clock,
      timers,
    });
  }

  start(): void {
    this.startedAt = this.clock.now();
    this.state.on('change', this.onChange);
    this.all = true;
    this.loop.start();
  }

  stop(): void {
    this.state.off('change', this.onChange);
    this.loop.stop();
  }

  private async tick(): Promise<void> {
    const now = this.clock.now();
    const nodes = this.state.list('nodes');
    const ids = this.all
      ? new Set([...this.state.list('services').map((s) => s.id), ...this.state.serviceIdsWithTasks()])
      : this.dirty;
    this.all = false;
    this.dirty = new Set();
    for (const [id, at] of this.wakeAt) {
      if (at > now) continue;
      ids.add(id);
      this.wakeAt.delete(id);
    }
    const ops: WriteOp[] = [];
    const more: string[] = [];
    try {
      for (const id of ids) ops.push(...this.planFor(id, nodes, now, more));
      const revision = await commitInBatches(this.store, ops);
      if (revision) await this.state.waitFor(revision);
      // A full batch of new tasks: the next tick, 10 ms on, goes on from what this one wrote.
      for (const id of more) this.dirty.add(id);
      if (more.length) this.loop.markDirty();
    } catch (err) {
      for (const id of ids) this.dirty.add(id);
      throw err;
    } finally {
      // The loop keeps one timer: ask again for the earliest wake-up, which an earlier tick may have replaced.
      if (this.wakeAt.size) this.loop.wakeAtTime(Math.min(...this.wakeAt.values()), now);
    }
  }

  /** The ops of one service's plan; adds the service to `more` when its plan left slots for the next tick. */
  private planFor(serviceId: string, nodes: Node[], now: number, more: string[]): WriteOp[] {
    // A service set aside as invalid is not gone: its tasks stay as they are until it is written again or removed.
    if (this.state.isInvalid('services', serviceId)) return [];
    const service = this.state.get('services', serviceId);
    const tasks = this.state.tasksOf(serviceId);
    const plan = service
      ? reconcileService({
          service,
          tasks,
          nodes,
          now,
          seenRunningAt: this.remember(service, tasks),
          watchingSince: this.startedAt,
        })
      : reconcileRemovedService(tasks, nodes);
    if (!service) this.seenRunning.delete(serviceId);
    if (plan.followProgress) this.following.add(serviceId);
    else this.following.delete(serviceId);
    if (plan.wakeAt !== undefined) this.wakeAt.set(serviceId, plan.wakeAt);
    else this.wakeAt.delete(serviceId);
    if (plan.more) more.push(serviceId);
    const ops = this.toOps(plan, service, tasks, now);
    if (ops.length) {
      this.logger.info(
        {
          'service.id': serviceId,
          'service.name': service?.spec.name ?? tasks[0]?.serviceName,
          created: plan.create.map((c) => c.slot || c.nodeId),
          shutdown: plan.shutdown.map((s) => ({ 'task.id': s.taskId, reason: s.reason })),
          removed: plan.remove.length,
          ...(plan.service && {
            'update.state': plan.service.updateStatus?.state,
            'update.message': plan.service.updateStatus?.message,
          }),
        },
        'service reconciled',
      );
    }
    return ops;
  }

  /** When the service's tasks were seen running, kept while its update is in progress. */
  private remember(service: Service, tasks: readonly Task[]): ReadonlyMap<string, number> {
    if (!isUpdateInProgress(service.updateStatus?.state)) {
      this.seenRunning.delete(service.id);
      return new Map();
    }
    const before = this.seenRunning.get(service.id);
    const seen = new Map<string, number>();
    for (const t of tasks) {
      const at = t.status.state === 'running' ? t.status.timestamp : before?.get(t.id);
      if (at !== undefined) seen.set(t.id, at);
    }
    this.seenRunning.set(service.id, seen);
    return seen;
  }

  private toOps(plan: ReconcilePlan, service: Service | undefined, tasks: Task[], now: number): WriteOp[] {
    const ops: WriteOp[] = [];
    const byId = new Map(tasks.map((t) => [t.id, t]));
    if (service && plan.service) {
      const value: Service = { ...plan.service, meta: { ...service.meta, updatedAt: now } };
      ops.push({ op: 'put', kind: 'services', id: service.id, value, expectVersion: service.meta.version });
    }
    if (service) {
      for (const c of plan.create) {
        const task = newTask(service, c, this.newId(), now);
        ops.push({ op: 'put', kind: 'tasks', id: task.id, value: task, expectVersion: 0 });
      }
    }
    for (const s of plan.shutdown) {
      const t = byId.get(s.taskId);
      if (!t) continue;
      const status = t.nodeId ? t.status : { ...t.status, state: 'shutdown', message: s.reason, timestamp: now };
      const value: Task = { ...t, desiredState: 'shutdown', status, meta: { ...t.meta, updatedAt: now } };
      ops.push({ op: 'put', kind: 'tasks', id: t.id, value, expectVersion: t.meta.version });
    }
    for (const id of plan.remove) {
      const t = byId.get(id);
      if (t) ops.push({ op: 'delete', kind: 'tasks', id, expectVersion: t.meta.version });
    }
    return ops;
  }
}
