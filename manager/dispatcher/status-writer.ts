// Writes task status reports to the store in batches. Each report's promise settles once its
// batch is committed (or the report was judged stale), so an agent's call is acknowledged only
// after the write is durable.
import type { Logger } from 'pino';
import { systemTimers, type TimerHandle, type Timers } from '../../lib/clock';
import { forEachConcurrently } from '../../lib/worker-pool';
import { ConflictError } from '../../proto/errors';
import type { Task } from '../../proto/types';
import type { ClusterState } from '../state/cluster-state';
import type { Store, WriteOp } from '../store/store';
import { judgeReport, type StatusReport } from './status-updates';

/** Reports are gathered this long before a write: one etcd round trip carries hundreds of them. */
export const STATUS_FLUSH_MS = 20;
/** Ops per commit; under etcd's default limit of 128 so a batch never needs a split commit. */
const STATUS_BATCH_OPS = 120;
/** A report that keeps losing races with other writers is retried this many times, then dropped as stale. */
export const MAX_CONFLICT_RETRIES = 5;

/** After a conflict, how long to wait at most for the newer write to reach our view. */
export const CONFLICT_CATCH_UP_MS = 200;

/** Batches written side by side: etcd folds concurrent transactions into fewer disk syncs. */
const BATCHES_IN_FLIGHT = 4;

interface Batch {
  ops: WriteOp[];
  entries: Pending[];
}

interface Pending {
  nodeId: string;
  report: StatusReport;
  attempts: number;
  done: (err?: Error) => void;
}

export class StatusWriter {
  private queue: Pending[] = [];
  private timer?: TimerHandle;
  private flushing = false;

  constructor(
    private readonly store: Store,
    private readonly state: ClusterState,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly timers: Timers = systemTimers,
  ) {}

  /** Resolves once the reports are written or judged stale; rejects if the store cannot be written. */
  async submit(nodeId: string, reports: readonly StatusReport[]): Promise<void> {
    const written = reports.map(
      (report) =>
        new Promise<void>((resolve, reject) => {
          this.queue.push({ nodeId, report, attempts: 0, done: (err) => (err ? reject(err) : resolve()) });
        }),
    );
    if (!this.timer && !this.flushing) this.timer = this.timers.setTimeout(() => void this.flush(), STATUS_FLUSH_MS);
    await Promise.all(written);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    this.flushing = true;
    try {
      while (this.queue.length) {
        await forEachConcurrently(this.takeRound(), BATCHES_IN_FLIGHT, (batch) => this.writeBatch(batch));
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Takes every queued report: stale ones are settled at once, the rest grouped per task (the newest
   * accepted report wins) into batches of distinct tasks, so batches can be written side by side.
   */
  private takeRound(): Batch[] {
    const queue = this.queue;
    this.queue = [];
    const byTask = new Map<string, { task: Task; entries: Pending[] }>();
    for (const p of queue) {
      const prior = byTask.get(p.report.taskId);
      const verdict = judgeReport(prior?.task ?? this.state.get('tasks', p.report.taskId), p.nodeId, p.report);
      if (!verdict.accept) {
        p.done();
        continue;
      }
      const status = { ...verdict.status, timestamp: verdict.status.timestamp || this.now() };
      const task: Task = { ...verdict.task, status, meta: { ...verdict.task.meta, updatedAt: this.now() } };
      byTask.set(task.id, { task, entries: [...(prior?.entries ?? []), p] });
    }
    const batches: Batch[] = [];
    let batch: Batch = { ops: [], entries: [] };
    for (const { task, entries } of byTask.values()) {
      const expectVersion = this.state.get('tasks', task.id)?.meta.version ?? 0;
      batch.ops.push({ op: 'put', kind: 'tasks', id: task.id, value: task, expectVersion });
      batch.entries.push(...entries);
      if (batch.ops.length >= STATUS_BATCH_OPS) {
        batches.push(batch);
        batch = { ops: [], entries: [] };
      }
    }
    if (batch.ops.length) batches.push(batch);
    return batches;
  }

  private async writeBatch(batch: Batch): Promise<void> {
    try {
      const revision = await this.store.commit(batch.ops);
      await this.state.waitFor(revision);
      for (const p of batch.entries) p.done();
    } catch (err) {
      if (!(err instanceof ConflictError)) {
        for (const p of batch.entries) p.done(err as Error);
        return;
      }
      // Another writer changed one of these tasks: wait for our view to catch up, then judge again.
      await Promise.race([this.state.waitFor(this.state.revision + 1), this.sleep(CONFLICT_CATCH_UP_MS)]);
      for (const p of batch.entries) {
        if (++p.attempts > MAX_CONFLICT_RETRIES) {
          this.logger.warn(
            { 'task.id': p.report.taskId, 'node.id': p.nodeId },
            'status report dropped after repeated conflicts',
          );
          p.done();
        } else this.queue.push(p);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.setTimeout(resolve, ms));
  }
}
