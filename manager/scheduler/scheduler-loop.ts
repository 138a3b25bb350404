// The scheduler loop: places waiting tasks on nodes, and writes why a task cannot be placed.
import type { Logger } from 'pino';
import type { Clock } from '../../proto/clock';
import type { Task } from '../../proto/types';
import { ControlLoop } from '../../proto/control-loop';
import type { ChangeSet, ClusterState } from '../state/cluster-state';
import { commitInBatches } from '../store/batched-commit';
import type { Store, WriteOp } from '../store/store';
import { planPlacements } from './placement';

/** Gather task and node changes for 10 ms: placements come in batches, not one etcd write per task. */
const SCHEDULER_DEBOUNCE_MS = 10;

export class SchedulerLoop {
  private readonly loop: ControlLoop;
  private readonly onChange = (c: ChangeSet) => {
    if (c.serviceIds.size > 0 || c.kinds.has('nodes')) this.loop.markDirty();
  };

  constructor(
    private readonly state: ClusterState,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.loop = new ControlLoop({ name: 'scheduler', debounceMs: SCHEDULER_DEBOUNCE_MS, tick: () => this.tick(), logger });
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
    const now = this.clock.now();
    // A task whose service is gone is not placed: the orchestrator removes it, and a task placed and
    // shut down within one assignment push would never reach its node, nor end.
    const tasks = this.state.list('tasks').filter((t) => t.nodeId !== '' || this.state.get('services', t.serviceId) !== undefined);
    const nodes = this.state.list('nodes');
    const plan = planPlacements({ nodes, tasks, now });
    const byId = (id: string) => this.state.get('tasks', id)!;
    const hostnames = new Map(nodes.map((n) => [n.id, n.description.hostname]));
    const ops: WriteOp[] = [];
    const put = (t: Task, change: Partial<Task>) =>
      ops.push({ op: 'put', kind: 'tasks', id: t.id, value: { ...t, ...change, meta: { ...t.meta, updatedAt: now } }, expectVersion: t.meta.version });

    for (const p of plan.placed) {
      const t = byId(p.taskId);
      put(t, { nodeId: p.nodeId, status: { ...t.status, state: 'assigned', message: `assigned to ${hostnames.get(p.nodeId)}`, timestamp: now } });
      this.logger.info({ 'task.id': t.id, 'service.name': t.serviceName, slot: t.slot, 'node.id': p.nodeId, 'node.hostname': hostnames.get(p.nodeId) }, 'task placed');
    }
    for (const u of plan.unplaced) {
      const t = byId(u.taskId);
      if (t.status.message === u.reason && t.status.state === 'pending') continue;
      put(t, { status: { ...t.status, state: 'pending', message: u.reason, timestamp: now } });
      this.logger.info({ 'task.id': t.id, 'service.name': t.serviceName, slot: t.slot, reason: u.reason }, 'task pending');
    }
    const revision = await commitInBatches(this.store, ops);
    if (revision) await this.state.waitFor(revision);

    let nextRestart = Infinity;
    for (const t of tasks) if (t.restartAt > now && t.nodeId === '' && t.desiredState === 'running') nextRestart = Math.min(nextRestart, t.restartAt);
    if (Number.isFinite(nextRestart)) this.loop.wakeAtTime(nextRestart, now);
  }
}
