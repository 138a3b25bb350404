// The scheduler loop: gives networks their VNI and subnet, services their VIPs and tasks their
// addresses (planAllocations), then places the tasks that have their addresses on nodes
// (planPlacements), and writes why a task waits. One loop does both so that a new task is written
// once for its addresses and its node, and each keeps one writer: two allocations (or placements)
// can never be planned from views that miss each other. Allocations live in the objects in etcd
// and so survive restarts; the plans are deterministic, so a restart plans nothing new.
import type { Logger } from 'pino';
import { systemTimers, type Clock, type Timers } from '../../lib/clock';
import type { Task } from '../../proto/types';
import { ControlLoop } from '../../lib/control-loop';
import { AddressBook } from '../allocator/address-book';
import type { Subnet } from '../allocator/ipam';
import { needsAddresses, planAllocations, type AllocationPlan } from '../allocator/plan';
import type { ChangeSet, ClusterState } from '../state/cluster-state';
import { TaskSet } from '../state/task-set';
import { commitInBatches } from '../store/batched-commit';
import type { Store, WriteOp } from '../store/store';
import { NodeLoadIndex } from './node-load';
import { awaitsNode, planPlacements } from './placement';

/** Gather task and node changes for 10 ms: placements come in batches, not one etcd write per task. */
export const SCHEDULER_DEBOUNCE_MS = 10;

export class SchedulerLoop {
  private readonly loop: ControlLoop;
  private lastProblems = '';
  private readonly book = new AddressBook();
  private readonly unaddressed = new TaskSet(needsAddresses);
  private readonly load = new NodeLoadIndex();
  private readonly waiting = new TaskSet(awaitsNode);
  private readonly onChange = (c: ChangeSet) => {
    if (c.serviceIds.size > 0 || c.kinds.has('nodes') || c.kinds.has('networks')) this.loop.markDirty();
  };

  constructor(
    private readonly state: ClusterState,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly defaultPool: Subnet,
    timers: Timers = systemTimers,
  ) {
    this.loop = new ControlLoop({
      name: 'scheduler',
      debounceMs: SCHEDULER_DEBOUNCE_MS,
      tick: () => this.tick(),
      logger,
      clock,
      timers,
    });
  }

  start(): void {
    for (const index of [this.book, this.unaddressed, this.load, this.waiting]) this.state.addTaskIndex(index);
    this.state.on('change', this.onChange);
    this.loop.start();
  }

  stop(): void {
    this.state.off('change', this.onChange);
    for (const index of [this.book, this.unaddressed, this.load, this.waiting]) this.state.removeTaskIndex(index);
    this.loop.stop();
  }

  private async tick(): Promise<void> {
    const now = this.clock.now();
    const allocation = planAllocations({
      networks: this.state.list('networks'),
      services: this.state.list('services'),
      tasks: this.unaddressed.list(),
      held: this.book,
      defaultPool: this.defaultPool,
    });
    this.logProblems(allocation);

    // Each task's next value: its addresses, then its node or why it has none.
    const next = new Map<string, Task>();
    const change = (id: string, c: Partial<Task>) => {
      const t = next.get(id) ?? this.state.get('tasks', id)!;
      next.set(id, { ...t, ...c, meta: { ...t.meta, updatedAt: now } });
    };
    for (const p of allocation.tasks) change(p.id, { addresses: p.addresses });
    // A task that cannot have its addresses says why in its status, as an unplaced task does.
    for (const p of allocation.problems) {
      const t = p.kind === 'tasks' ? this.state.get('tasks', p.id) : undefined;
      if (t && t.status.message !== p.message)
        change(t.id, { status: { ...t.status, message: p.message, timestamp: now } });
    }
    if (allocation.tasks.length) this.logger.debug({ tasks: allocation.tasks.length }, 'task addresses allocated');

    // A task whose service is gone is not placed: the orchestrator removes it, and a task placed and
    // shut down within one assignment push would never reach its node, nor end.
    const addressedNow = allocation.tasks.map((p) => next.get(p.id)!).filter(awaitsNode);
    const tasks = [...this.waiting.list(), ...addressedNow].filter(
      (t) => this.state.get('services', t.serviceId) !== undefined,
    );
    const nodes = this.state.list('nodes');
    const placement = planPlacements({ nodes, tasks, load: this.load, now });
    const hostnames = new Map(nodes.map((n) => [n.id, n.description.hostname]));
    for (const p of placement.placed) {
      const t = next.get(p.taskId) ?? this.state.get('tasks', p.taskId)!;
      change(t.id, {
        nodeId: p.nodeId,
        status: { ...t.status, state: 'assigned', message: `assigned to ${hostnames.get(p.nodeId)}`, timestamp: now },
      });
      this.logger.info(
        {
          'task.id': t.id,
          'service.name': t.serviceName,
          slot: t.slot,
          'node.id': p.nodeId,
          'node.hostname': hostnames.get(p.nodeId),
        },
        'task placed',
      );
    }
    for (const u of placement.unplaced) {
      const t = next.get(u.taskId) ?? this.state.get('tasks', u.taskId)!;
      if (t.status.message === u.reason && t.status.state === 'pending') continue;
      change(t.id, { status: { ...t.status, state: 'pending', message: u.reason, timestamp: now } });
      this.logger.info(
        { 'task.id': t.id, 'service.name': t.serviceName, slot: t.slot, reason: u.reason },
        'task pending',
      );
    }
    const taskOps: WriteOp[] = [...next.values()].map((t) => ({
      op: 'put',
      kind: 'tasks',
      id: t.id,
      value: t,
      expectVersion: t.meta.version,
    }));
    // Networks and VIPs first, so that they are visible before any task placed on them reaches its node.
    for (const ops of [this.allocationOps(allocation, now), taskOps]) {
      const revision = await commitInBatches(this.store, ops);
      if (revision) await this.state.waitFor(revision);
    }

    let nextRestart = Infinity;
    for (const t of tasks) if (t.restartAt > now) nextRestart = Math.min(nextRestart, t.restartAt);
    if (Number.isFinite(nextRestart)) this.loop.wakeAtTime(nextRestart, now);
  }

  private allocationOps(plan: AllocationPlan, now: number): WriteOp[] {
    const ops: WriteOp[] = [];
    for (const p of plan.networks) {
      const n = this.state.get('networks', p.id)!;
      ops.push({
        op: 'put',
        kind: 'networks',
        id: n.id,
        value: { ...n, allocation: p.allocation, meta: { ...n.meta, updatedAt: now } },
        expectVersion: n.meta.version,
      });
      this.logger.info(
        { 'network.id': n.id, 'network.name': n.spec.name, vni: p.allocation.vni, subnet: p.allocation.subnet },
        'network allocated',
      );
    }
    for (const p of plan.services) {
      const s = this.state.get('services', p.id)!;
      ops.push({
        op: 'put',
        kind: 'services',
        id: s.id,
        value: { ...s, virtualIps: p.virtualIps, meta: { ...s.meta, updatedAt: now } },
        expectVersion: s.meta.version,
      });
      this.logger.info(
        { 'service.id': s.id, 'service.name': s.spec.name, vips: p.virtualIps.map((v) => `${v.network}=${v.address}`) },
        'service VIPs allocated',
      );
    }
    return ops;
  }

  /** Problems are logged when they change, not at every tick while a task waits. */
  private logProblems(plan: AllocationPlan): void {
    const text = JSON.stringify(plan.problems);
    if (text === this.lastProblems) return;
    this.lastProblems = text;
    for (const p of plan.problems)
      this.logger.warn({ 'object.kind': p.kind, 'object.id': p.id, reason: p.message }, 'cannot allocate');
  }
}
