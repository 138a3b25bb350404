// The split-commit journal on etcd: how a batch too large for one txn is still applied all-or-nothing.
// The protocol and its reasoning are described at the top of etcd-store.ts; this file holds its steps.
import type { IRangeResponse, ITxnRequest, ITxnResponse, KVClient } from 'etcd3';
import type { Logger } from 'pino';
import { ConflictError } from '../../proto/errors';
import {
  conflictError,
  decodeJournalChunk,
  decodeJournalLock,
  findGuardFailures,
  journalOpBytes,
  REQUEST_BUDGET_BYTES,
  toJournalOps,
  type JournalLock,
  type JournalOp,
  type SizedOp,
} from './commit-plan';
import { chunk } from '../../lib/chunk';
import { deleteRequest, modRevisionIs, putRequest, rangeRequest, toStoreError } from './etcd-requests';
import { prefixRangeEnd, type KeyLayout } from './keys';
import type { WriteOp } from './store';

export type RecoveryOutcome = 'none' | 'discarded' | 'rolled-forward';

export class EtcdJournal {
  /**
   * The revision at which this process took the lock of a journal it could not finish or discard because
   * etcd failed mid-way (the lock key's create revision: a flip to committed changes only its mod revision).
   */
  private orphanLockRev: number | undefined;

  constructor(
    private readonly kv: KVClient,
    private readonly layout: KeyLayout,
    private readonly maxTxnOps: number,
    private readonly log: Logger,
  ) {}

  /** Takes the journal lock; returns its mod revision, or undefined when someone else holds it. */
  async lock(): Promise<number | undefined> {
    const lock: JournalLock = { state: 'pending' };
    const res = await this.txn({
      compare: [modRevisionIs(this.layout.journalLock, 0)],
      success: [putRequest(this.layout.journalLock, JSON.stringify(lock))],
    });
    return res.succeeded ? Number(res.header.revision) : undefined;
  }

  /**
   * Runs a split commit under the lock taken at `lockRev`: checks the guards, writes the journal, flips it to
   * committed (the commit point), applies the ops and deletes the journal. Returns the revision of that delete.
   * On a failure before the commit point the journal is discarded. A failure after it (etcd gone) throws
   * UnavailableError, and the commit still lands: recoverOrphan() (run before this store's next commit) or
   * recover() at the next start rolls it forward.
   */
  async commit(sized: readonly SizedOp[], lockRev: number): Promise<number> {
    const ops = toJournalOps(sized);
    let flipRev: number;
    try {
      await this.checkGuards(sized, lockRev);
      const chunks = chunk(ops, Number.MAX_SAFE_INTEGER, REQUEST_BUDGET_BYTES, journalOpBytes);
      for (const [i, c] of chunks.entries()) {
        await this.underLock(lockRev, [putRequest(this.layout.journalChunk(i), JSON.stringify(c))]);
      }
      const committed: JournalLock = { state: 'committed', chunks: chunks.length };
      flipRev = Number(
        (await this.underLock(lockRev, [putRequest(this.layout.journalLock, JSON.stringify(committed))])).header
          .revision,
      );
    } catch (err) {
      this.orphanLockRev = lockRev;
      try {
        // The lock no longer at lockRev means the flip landed though its reply was lost: the commit
        // point is passed, and recoverOrphan rolls it forward.
        if (await this.discard(lockRev)) this.orphanLockRev = undefined;
        else
          this.log.warn(
            { err, 'journal.lock_revision': lockRev },
            'split commit may have reached its commit point; will finish before the next commit',
          );
      } catch (cleanupErr) {
        this.log.warn(
          { err: cleanupErr, 'journal.lock_revision': lockRev },
          'could not discard a split-commit journal; will retry before the next commit',
        );
      }
      throw err;
    }
    this.log.debug(
      { 'journal.lock_revision': flipRev, 'journal.ops': ops.length },
      'split commit reached its commit point',
    );
    try {
      return await this.rollForward(ops, flipRev);
    } catch (err) {
      this.orphanLockRev = lockRev;
      this.log.warn(
        { err, 'journal.lock_revision': flipRev },
        'split commit is committed but not yet applied; will finish before the next commit',
      );
      throw err;
    }
  }

  /** Finishes (rolls forward or discards) a journal this process left behind when etcd failed mid-way. */
  async recoverOrphan(): Promise<void> {
    if (this.orphanLockRev === undefined) return;
    await this.recover(this.orphanLockRev);
    this.orphanLockRev = undefined;
  }

  /**
   * Rolls a committed journal forward, throws away an uncommitted one; `onlyLockRev` limits it to the lock
   * taken at that revision (whatever happened to the lock since).
   */
  async recover(onlyLockRev?: number): Promise<RecoveryOutcome> {
    const res = await this.range(this.layout.journalLock);
    const kv = res.kvs[0];
    if (!kv) {
      // Chunks without a lock are leftovers of a writer that lost its lock; nobody will read them.
      await this.txn({
        compare: [modRevisionIs(this.layout.journalLock, 0)],
        success: [deleteRequest(this.layout.journalChunkRoot, prefixRangeEnd(this.layout.journalChunkRoot))],
      });
      return 'none';
    }
    const lockRev = Number(kv.mod_revision);
    if (onlyLockRev !== undefined && Number(kv.create_revision) !== onlyLockRev) return 'none';
    const lock = decodeJournalLock(kv.value.toString());
    if (lock.state === 'pending') {
      await this.discard(lockRev);
      this.log.warn({ 'journal.lock_revision': lockRev }, 'discarded an uncommitted split-commit journal');
      return 'discarded';
    }
    const ops: JournalOp[] = [];
    for (let i = 0; i < lock.chunks; i++) {
      const chunkKv = (await this.range(this.layout.journalChunk(i))).kvs[0];
      if (!chunkKv) throw new Error(`committed journal at revision ${lockRev} is missing chunk ${i}`);
      ops.push(...decodeJournalChunk(chunkKv.value.toString()));
    }
    await this.rollForward(ops, lockRev);
    this.log.warn(
      { 'journal.lock_revision': lockRev, 'journal.ops': ops.length },
      'rolled a committed split-commit journal forward',
    );
    return 'rolled-forward';
  }

  /** Reads every guarded key under the lock (nobody writes while it is held) and fails on the first stale guard. */
  private async checkGuards(sized: readonly SizedOp[], lockRev: number): Promise<void> {
    const guarded = sized.filter((s) => s.op.expectVersion !== undefined);
    const versions = new Map<WriteOp, number>();
    for (const c of chunk(guarded, this.maxTxnOps, REQUEST_BUDGET_BYTES, () => 0)) {
      const res = await this.underLock(
        lockRev,
        c.map((s) => rangeRequest(s.key)),
      );
      res.responses.forEach((r, i) => versions.set(c[i].op, Number(r.response_range.kvs[0]?.mod_revision ?? 0)));
    }
    const failures = findGuardFailures(
      guarded.map((s) => s.op),
      (op) => versions.get(op) ?? 0,
    );
    if (failures.length > 0) throw conflictError(failures);
  }

  /** Applies the ops in chunks while the committed lock stands, then deletes the journal. */
  private async rollForward(ops: readonly JournalOp[], flipRev: number): Promise<number> {
    const requests = ops.map((op) =>
      op.op === 'put' ? putRequest(op.key, JSON.stringify(op.value)) : deleteRequest(op.key),
    );
    const sizes = new Map(requests.map((r, i) => [r, journalOpBytes(ops[i])]));
    for (const c of chunk(requests, this.maxTxnOps, REQUEST_BUDGET_BYTES, (r) => sizes.get(r) ?? 0)) {
      const res = await this.txn({ compare: [modRevisionIs(this.layout.journalLock, flipRev)], success: c });
      if (!res.succeeded) return this.takenOver(flipRev, res);
    }
    const res = await this.txn({
      compare: [modRevisionIs(this.layout.journalLock, flipRev)],
      success: [deleteRequest(this.layout.journalRoot, prefixRangeEnd(this.layout.journalRoot))],
    });
    return res.succeeded ? Number(res.header.revision) : this.takenOver(flipRev, res);
  }

  /** After the commit point only recover() elsewhere changes the lock, and it applies the same ops. */
  private takenOver(flipRev: number, res: ITxnResponse): number {
    this.log.warn({ 'journal.lock_revision': flipRev }, 'another writer rolled this split commit forward');
    return Number(res.header.revision);
  }

  /** Deletes the journal if its lock is still as it was at `lockRev`; false when the lock has changed or gone. */
  private async discard(lockRev: number): Promise<boolean> {
    const res = await this.txn({
      compare: [modRevisionIs(this.layout.journalLock, lockRev)],
      success: [deleteRequest(this.layout.journalRoot, prefixRangeEnd(this.layout.journalRoot))],
    });
    return res.succeeded;
  }

  private async underLock(lockRev: number, success: NonNullable<ITxnRequest['success']>): Promise<ITxnResponse> {
    const res = await this.txn({ compare: [modRevisionIs(this.layout.journalLock, lockRev)], success });
    if (!res.succeeded) throw new ConflictError('a split commit lost its journal lock to recovery by another writer');
    return res;
  }

  private async txn(req: ITxnRequest): Promise<ITxnResponse> {
    try {
      return await this.kv.txn(req);
    } catch (err) {
      throw toStoreError(err);
    }
  }

  private async range(key: string): Promise<IRangeResponse> {
    try {
      return await this.kv.range({ key: Buffer.from(key) });
    } catch (err) {
      throw toStoreError(err);
    }
  }
}
