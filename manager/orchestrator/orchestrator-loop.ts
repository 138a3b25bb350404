// The orchestrator loop: keeps each service's tasks what its spec asks for (replicas, global
// nodes, restarts, replacement of tasks on lost nodes) by applying reconcile plans.
import type { Logger } from 'pino';
import type { Clock } from '../../proto/clock';
import type { Node, Service, Task } from '../../proto/types';
import { ControlLoop } from '../../proto/control-loop';
import type { ChangeSet, ClusterState } from '../state/cluster-state';
import { commitInBatches } from '../store/batched-commit';
import type { Store, WriteOp } from '../store/store';
import { reconcileRemovedService, reconcileService, type ReconcilePlan } from './reconcile';

/** Gather changes for 10 ms: a scale to hundreds of replicas becomes a few batched writes. */
const ORCHESTRATOR_DEBOUNCE_MS = 10;

/** A new task for a slot (or, for a global service, a node), carrying the spec it runs. */
export function newTask(service: Service, slot: number, nodeId: string, restartAt: number, id: string, now: number): Task {
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
      message: restartAt > now ? `restart delayed until ${new Date(restartAt).toISOString()}` : nodeId ? 'assigned to its node' : 'waiting for a node',
      err: '',
      timestamp: now,
      containerId: '',
      exitCode: 0,
    },
    spec: service.spec,
    specVersion: service.specVersion,
    restartAt,
    addresses: [],
  };
}

export class OrchestratorLoop {
  private readonly loop: ControlLoop;
  private dirty = new Set<string>();
  private all = true;
  private readonly onChange = (c: ChangeSet) => {
    if (c.kinds.has('nodes')) this.all = true;
    for (const id of c.serviceIds) this.dirty.add(id);
    if (this.all || this.dirty.size) this.loop.markDirty();
  };

  constructor(
    private readonly state: ClusterState,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly newId: () => string,
  ) {
    this.loop = new ControlLoop({ name: 'orchestrator', debounceMs: ORCHESTRATOR_DEBOUNCE_MS, tick: () => this.tick(), logger });
  }

  start(): void {
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
    const ops: WriteOp[] = [];
    try {
      for (const id of ids) ops.push(...this.planFor(id, nodes, now));
      const revision = await commitInBatches(this.store, ops);
      if (revision) await this.state.waitFor(revision);
    } catch (err) {
      for (const id of ids) this.dirty.add(id);
      throw err;
    }
  }

  private planFor(serviceId: string, nodes: Node[], now: number): WriteOp[] {
    const service = this.state.get('services', serviceId);
    const tasks = this.state.tasksOf(serviceId);
    const plan = service ? reconcileService({ service, tasks, nodes, now }) : reconcileRemovedService(tasks, nodes);
    const ops = this.toOps(plan, service, tasks, now);
    if (ops.length) {
      this.logger.info(
        {
          'service.id': serviceId,
          'service.name': service?.spec.name ?? tasks[0]?.serviceName,
          created: plan.create.map((c) => c.slot || c.nodeId),
          shutdown: plan.shutdown.map((s) => ({ 'task.id': s.taskId, reason: s.reason })),
          removed: plan.remove.length,
        },
        'service reconciled',
      );
    }
    return ops;
  }

  private toOps(plan: ReconcilePlan, service: Service | undefined, tasks: Task[], now: number): WriteOp[] {
    const ops: WriteOp[] = [];
    const byId = new Map(tasks.map((t) => [t.id, t]));
    if (service) {
      for (const c of plan.create) {
        const task = newTask(service, c.slot, c.nodeId, c.restartAt, this.newId(), now);
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
