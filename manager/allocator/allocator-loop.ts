// The allocator loop: gives networks their VNI and subnet, services their VIPs and tasks their
// addresses, by applying allocation plans. It is the only writer of allocations, so two allocations
// can never be planned from views that miss each other. Allocations live in the objects in etcd
// and so survive restarts; the plan is deterministic, so a restart plans nothing new.
import type { Logger } from 'pino';
import type { Clock } from '../../proto/clock';
import { ControlLoop } from '../../proto/control-loop';
import type { ChangeSet, ClusterState } from '../state/cluster-state';
import { commitInBatches } from '../store/batched-commit';
import type { WriteOp, Store } from '../store/store';
import type { Subnet } from './ipam';
import { planAllocations, type AllocationPlan } from './plan';

/** Gather changes for 5 ms: a new task waits for its addresses before it can be placed, so be quicker than the scheduler's 10 ms. */
const ALLOCATOR_DEBOUNCE_MS = 5;

export class AllocatorLoop {
  private readonly loop: ControlLoop;
  private lastProblems = '';
  private readonly onChange = (c: ChangeSet) => {
    if (c.kinds.has('networks') || c.serviceIds.size > 0) this.loop.markDirty();
  };

  constructor(
    private readonly state: ClusterState,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly defaultPool: Subnet,
  ) {
    this.loop = new ControlLoop({ name: 'allocator', debounceMs: ALLOCATOR_DEBOUNCE_MS, tick: () => this.tick(), logger });
  }

  start(): void {
    this.state.on('change', this.onChange);
    this.loop.start();
  }

  stop(): void {
    this.state.off('change', this.onChange);
    this.loop.stop();
  }

  private async tick(): Promise<void> {
    const plan = planAllocations({
      networks: this.state.list('networks'),
      services: this.state.list('services'),
      tasks: this.state.list('tasks'),
      defaultPool: this.defaultPool,
    });
    this.logProblems(plan);
    const ops = this.toOps(plan);
    const revision = await commitInBatches(this.store, ops);
    if (revision) await this.state.waitFor(revision);
  }

  private toOps(plan: AllocationPlan): WriteOp[] {
    const now = this.clock.now();
    const ops: WriteOp[] = [];
    for (const p of plan.networks) {
      const n = this.state.get('networks', p.id)!;
      ops.push({ op: 'put', kind: 'networks', id: n.id, value: { ...n, allocation: p.allocation, meta: { ...n.meta, updatedAt: now } }, expectVersion: n.meta.version });
      this.logger.info({ 'network.id': n.id, 'network.name': n.spec.name, vni: p.allocation.vni, subnet: p.allocation.subnet }, 'network allocated');
    }
    for (const p of plan.services) {
      const s = this.state.get('services', p.id)!;
      ops.push({ op: 'put', kind: 'services', id: s.id, value: { ...s, virtualIps: p.virtualIps, meta: { ...s.meta, updatedAt: now } }, expectVersion: s.meta.version });
      this.logger.info({ 'service.id': s.id, 'service.name': s.spec.name, vips: p.virtualIps.map((v) => `${v.network}=${v.address}`) }, 'service VIPs allocated');
    }
    for (const p of plan.tasks) {
      const t = this.state.get('tasks', p.id)!;
      ops.push({ op: 'put', kind: 'tasks', id: t.id, value: { ...t, addresses: p.addresses, meta: { ...t.meta, updatedAt: now } }, expectVersion: t.meta.version });
    }
    if (plan.tasks.length) this.logger.debug({ tasks: plan.tasks.length }, 'task addresses allocated');
    // A task that cannot have its addresses says why in its status, as an unplaced task does.
    for (const p of plan.problems) {
      const t = p.kind === 'tasks' ? this.state.get('tasks', p.id) : undefined;
      if (!t || t.status.message === p.message) continue;
      ops.push({ op: 'put', kind: 'tasks', id: t.id, value: { ...t, status: { ...t.status, message: p.message, timestamp: now }, meta: { ...t.meta, updatedAt: now } }, expectVersion: t.meta.version });
    }
    return ops;
  }

  /** Problems are logged when they change, not at every tick while a task waits. */
  private logProblems(plan: AllocationPlan): void {
    const text = JSON.stringify(plan.problems);
    if (text === this.lastProblems) return;
    this.lastProblems = text;
    for (const p of plan.problems) this.logger.warn({ 'object.kind': p.kind, 'object.id': p.id, reason: p.message }, 'cannot allocate');
  }
}
