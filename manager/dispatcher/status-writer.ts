// Writes task status reports to the store in batches. Each report's promise settles once its
// batch is committed (or the report was judged stale), so an agent's call is acknowledged only
// after the write is durable.
import type { Logger } from 'pino';
import { ConflictError } from '../../proto/errors';
import type { Task } from '../../proto/types';
import type { ClusterState } from '../state/cluster-state';
import type { Store, WriteOp } from '../store/store';
import { judgeReport, type StatusReport } from './status-updates';

/** Reports are gathered this long before a write: one etcd round trip carries hundreds of them. */
const STATUS_FLUSH_MS = 20;
/** Ops per commit; under etcd's default limit of 128 so a batch never needs a split commit. */
const STATUS_BATCH_OPS = 120;
/** A report that keeps losing races with other writers is retried this many times, then dropped as stale. */
const MAX_CONFLICT_RETRIES = 5;

/** After a conflict, how long to wait at most for the newer write to reach our view. */
const CONFLICT_CATCH_UP_MS = 200;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Pending {
  nodeId: string;
  report: StatusReport;
  attempts: number;
  done: (err?: Error) => void;
}

export class StatusWriter {
  private queue: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private flushing = false;

  constructor(
    private readonly store: Store,
    private readonly state: ClusterState,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Resolves once the reports are written or judged stale; rejects if the store cannot be written. */
  async submit(nodeId: string, reports: readonly StatusReport[]): Promise<void> {
    const written = reports.map(
      (report) => new Promise<void>((resolve, reject) => {
        this.queue.push({ nodeId, report, attempts: 0, done: (err) => (err ? reject(err) : resolve()) });
      }),
    );
    if (!this.timer && !this.flushing) this.timer = setTimeout(() => void this.flush(), STATUS_FLUSH_MS);
    await Promise.all(written);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.takeBatch();
        await this.writeBatch(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Takes up to one batch, keeping only the newest accepted report per task. */
  private takeBatch(): { ops: WriteOp[]; entries: Pending[]; settled: Pending[] } {
    const entries: Pending[] = [];
    const settled: Pending[] = [];
    const byTask = new Map<string, { op: WriteOp; task: Task }>();
    while (this.queue.length && byTask.size < STATUS_BATCH_OPS) {
      const p = this.queue.shift()!;
      const current = byTask.get(p.report.taskId)?.task ?? this.state.get('tasks', p.report.taskId);
      const verdict = judgeReport(current, p.nodeId, p.report);
      if (!verdict.accept) {
        settled.push(p);
        continue;
      }
      const status = { ...verdict.status, timestamp: verdict.status.timestamp || this.now() };
      const task: Task = { ...verdict.task, status, meta: { ...verdict.task.meta, updatedAt: this.now() } };
      const expectVersion = this.state.get('tasks', task.id)?.meta.version ?? 0;
      byTask.set(task.id, { op: { op: 'put', kind: 'tasks', id: task.id, value: task, expectVersion }, task });
      entries.push(p);
    }
    return { ops: [...byTask.values()].map((v) => v.op), entries, settled };
  }

  private async writeBatch(batch: { ops: WriteOp[]; entries: Pending[]; settled: Pending[] }): Promise<void> {
    for (const p of batch.settled) p.done();
    if (batch.ops.length === 0) return;
    try {
      const revision = await this.store.commit(batch.ops);
      await this.state.waitFor(revision);
      for (const p of batch.entries) p.done();
    } catch (err) {
      if (!(err instanceof ConflictError)) {
        for (const p of batch.entries) p.done(err as Error);
        return;
      }
      // Another writer changed one of these tasks: wait for our view to catch up, then judge again one by one.
      await Promise.race([this.state.waitFor(this.state.revision + 1), sleep(CONFLICT_CATCH_UP_MS)]);
      for (const p of batch.entries) {
        if (++p.attempts > MAX_CONFLICT_RETRIES) {
          this.logger.warn({ 'task.id': p.report.taskId, 'node.id': p.nodeId }, 'status report dropped after repeated conflicts');
          p.done();
        } else this.queue.push(p);
      }
    }
  }
}
