// EtcdStore: the Store port on etcd v3. Objects are JSON under `<prefix>/<kind>/<id>`; an object's version is its
// key's mod revision.
//
// Commits. Every write is guarded: each op's expectVersion becomes a compare on mod_revision (0 = absent), and every
// commit also compares that the journal lock `<prefix>/journal/lock` is absent. A batch that fits one txn (etcd caps
// compares, successes and failures at --max-txn-ops each, and a request at 1.5 MiB) is one txn; its failure branch
// reads the guarded keys and the lock, so a ConflictError names each stale key. A batch that does not fit is a split
// commit (etcd-journal.ts): (1) create the lock as `pending` (compare: absent); (2) read the guarded keys; nobody can
// write under the lock, so a stale guard is final: discard the journal, ConflictError; (3) write the op list in
// byte-bounded chunks under `<prefix>/journal/ops/`; (4) flip the lock to `committed`: the commit point; (5) apply the
// ops in chunks; (6) delete the journal. Steps 2-6 each compare the lock's mod revision, so a writer whose journal was
// recovered by someone else stops. recover() (at start) rolls a committed journal forward and discards a pending one.
// A commit or load that finds the lock held polls for up to JOURNAL_WAIT_MS, then fails with ConflictError (transient).
// Watchers never see a split commit half-applied: the JournalGate releases its events at the lock's deletion.
//
// Watch errors. A watch resumes by itself across disconnects and etcd restarts, from the revision after the last
// event it delivered. When etcd has compacted that history the watch stops and reports CompactedError (from watch()
// itself, or later through onError); the caller then load()s a new snapshot and watches from its revision.
//
// A value that is not JSON fails neither load nor watch: it is handed on as an UnreadableValue, which the cluster
// state sets aside and reports (manager/state/check-stored.ts).
import {
  Etcd3,
  type IKeyValue,
  type IRangeRequest,
  type IRangeResponse,
  type ITxnRequest,
  type ITxnResponse,
} from 'etcd3';
import { ExponentialBackoff, noop } from 'cockatiel';
import pino, { type Logger } from 'pino';
import { ConflictError } from '../../proto/errors';
import {
  assertDistinctTargets,
  conflictError,
  findGuardFailures,
  fitsOneTxn,
  sizeOps,
  type SizedOp,
} from './commit-plan';
import { EtcdJournal, type RecoveryOutcome } from './etcd-journal';
import { deleteRequest, isCompacted, modRevisionIs, putRequest, rangeRequest, toStoreError } from './etcd-requests';
import { CompactedError } from './compacted-error';
import { JournalGate, type RawEvent } from './journal-gate';
import { KeyLayout, prefixRangeEnd } from './keys';
import {
  decodeStored,
  KINDS,
  type Kind,
  type Snapshot,
  type Store,
  type StoreEvent,
  type Versioned,
  type WriteOp,
} from './store';

export interface EtcdStoreOptions {
  endpoints: string[];
  prefix?: string;
  /** Must not exceed the server's --max-txn-ops. */
  maxTxnOps?: number;
  logger?: Logger;
}

export type WatchErrorHandler = (err: Error) => void;

/** etcd's default --max-txn-ops. */
const DEFAULT_MAX_TXN_OPS = 128;
/** A local etcd answers in milliseconds; after 5 s it is gone or stalled and the caller should back off. */
const CALL_TIMEOUT_MS = 5_000;
/**
 * A split commit of a few thousand ops finishes well within this; longer means its writer died (recover() fixes it).
 */
const JOURNAL_WAIT_MS = 5_000;
/** Polling the lock this often adds at most 25 ms to a commit that queued behind a split commit. */
const JOURNAL_POLL_MS = 25;
/** Objects are a few KiB, so a page of 500 stays far below MAX_RESPONSE_BYTES. */
const LOAD_PAGE_KEYS = 500;
/** gRPC's 4 MiB default receive limit is too tight for a page of large objects. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Reconnect a broken watch quickly (etcd restarts take about a second), backing off to 2 s while it stays down. */
const WATCH_BACKOFF_INITIAL_MS = 50;
const WATCH_BACKOFF_MAX_MS = 2_000;

const LOCKED = Symbol('journal locked');

export class EtcdStore implements Store {
  private readonly client: Etcd3;
  private readonly layout: KeyLayout;
  private readonly journal: EtcdJournal;
  private readonly maxTxnOps: number;
  private readonly log: Logger;
  private readonly stops = new Set<() => Promise<void>>();

  constructor(opts: EtcdStoreOptions) {
    this.layout = new KeyLayout(opts.prefix);
    this.maxTxnOps = opts.maxTxnOps ?? DEFAULT_MAX_TXN_OPS;
    this.log = opts.logger ?? pino({ enabled: false });
    // No client-side retries or circuit breaker: a failed call surfaces as UnavailableError at once, and retrying a
    // txn whose reply was lost could misreport it as a conflict. Callers retry with their own backoff.
    this.client = new Etcd3({
      hosts: opts.endpoints,
      dialTimeout: CALL_TIMEOUT_MS,
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + CALL_TIMEOUT_MS }),
      grpcOptions: { 'grpc.max_receive_message_length': MAX_RESPONSE_BYTES },
      faultHandling: {
        host: () => noop,
        global: noop,
        // etcd3 types this as a backoff step but uses it as a factory (calls next()); a first step is both.
        watchBackoff: new ExponentialBackoff({
          initialDelay: WATCH_BACKOFF_INITIAL_MS,
          maxDelay: WATCH_BACKOFF_MAX_MS,
        }).next(),
      },
    });
    this.journal = new EtcdJournal(this.client.kv, this.layout, this.maxTxnOps, this.log);
  }

  async load(): Promise<Snapshot> {
    return this.retryWhileLocked('load', async () => {
      const objects = new Map<Kind, Map<string, Versioned>>(KINDS.map((k) => [k, new Map()]));
      const end = prefixRangeEnd(this.layout.root);
      let key = Buffer.from(this.layout.root);
      let revision = 0;
      for (;;) {
        const res = await this.range({ key, range_end: end, limit: LOAD_PAGE_KEYS, revision });
        revision = Number(res.header.revision);
        for (const kv of res.kvs) {
          const parsed = this.layout.parse(kv.key.toString());
          if (parsed?.type === 'journal-lock') return LOCKED;
          if (parsed?.type === 'object')
            objects
              .get(parsed.kind)
              ?.set(parsed.id, { value: decodeStored(kv.value.toString()), version: Number(kv.mod_revision) });
        }
        if (!res.more || res.kvs.length === 0) return { revision, objects };
        key = Buffer.concat([res.kvs[res.kvs.length - 1].key, Buffer.from([0])]);
      }
    });
  }

  /**
   * Delivers every event after `afterRevision`, in order, one batch per commit. Rejects with CompactedError if that
   * history is gone. Later failures (compaction found after a reconnect, an exception thrown by onEvents) stop the
   * watch and go to `onError` once (logged when there is none); the caller reloads and watches again.
   */
  async watch(
    afterRevision: number,
    onEvents: (events: StoreEvent[], revision: number) => void,
    onError?: WatchErrorHandler,
  ): Promise<() => Promise<void>> {
    const gate = new JournalGate(this.layout, afterRevision > 0 && (await this.lockHeldAt(afterRevision)));
    let lastSeen = afterRevision;
    let stopped = false;
    const watcher = this.client
      .watch()
      .prefix(this.layout.root)
      .startRevision(String(afterRevision + 1))
      .watcher();
    const stop = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      this.stops.delete(stop);
      await watcher.cancel();
    };
    const report = (err: Error): void => {
      if (onError) onError(err);
      else this.log.error({ err, 'store.revision': lastSeen }, 'store watch stopped');
    };
    this.stops.add(stop);

    let started = false;
    let rejectStart!: (err: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      rejectStart = reject;
      // Resolve on the first answer or the first failure to connect: the watch then catches up by itself.
      const begin = (): void => {
        started = true;
        resolve();
      };
      watcher.once('connected', begin);
      watcher.once('disconnected', begin);
    });

    // The etcd3 watcher re-creates itself after a disconnect from its own idea of the last revision, which it takes
    // from response headers and can run past events it has not delivered; resume from the last event we delivered.
    watcher.on('connecting', () => {
      watcher.request.start_revision = lastSeen + 1;
    });
    watcher.on('disconnected', (err) =>
      this.log.warn({ err, 'store.revision': lastSeen }, 'store watch disconnected; resuming'),
    );
    watcher.on('data', (res) => {
      if (stopped) return;
      if (res.events.length === 0) {
        // A progress notification: every event up to the header revision has been sent.
        lastSeen = Math.max(lastSeen, Number(res.header.revision));
        return;
      }
      const fresh = res.events.filter((e) => Number(e.kv.mod_revision) > lastSeen);
      if (fresh.length === 0) return;
      try {
        const batches = gate.accept(fresh.map(toRawEvent));
        lastSeen = Number(fresh[fresh.length - 1].kv.mod_revision);
        for (const b of batches) onEvents(b.events, b.revision);
      } catch (err) {
        void stop().catch((cancelErr: unknown) =>
          this.log.warn({ err: cancelErr }, 'could not cancel a failed store watch'),
        );
        report(err as Error);
      }
    });
    watcher.on('error', (err) => {
      // etcd cancelled the watch, which the library does not retry. It says why only in compact_revision, which the
      // library drops, so ask etcd whether our resume point is still readable. The watcher is already detached.
      if (stopped) return;
      stopped = true;
      this.stops.delete(stop);
      void this.explainCancel(err, lastSeen).then((explained) =>
        started ? report(explained) : rejectStart(explained),
      );
    });

    await ready;
    return stop;
  }

  async commit(ops: readonly WriteOp[]): Promise<number> {
    assertDistinctTargets(ops);
    const sized = sizeOps(this.layout, ops);
    await this.journal.recoverOrphan();
    if (fitsOneTxn(sized, this.maxTxnOps)) return this.retryWhileLocked('commit', () => this.commitOnce(sized));
    const lockRev = await this.retryWhileLocked('commit', async () => (await this.journal.lock()) ?? LOCKED);
    return this.journal.commit(sized, lockRev);
  }

  /** Finishes what a crashed split commit left: rolls a committed journal forward, discards an uncommitted one. */
  async recover(): Promise<RecoveryOutcome> {
    return this.journal.recover();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.stops].map((stop) => stop()));
    this.client.close();
  }

  private async commitOnce(sized: readonly SizedOp[]): Promise<number | typeof LOCKED> {
    const guarded = sized.filter((s) => s.op.expectVersion !== undefined);
    const res = await this.txn({
      compare: [
        modRevisionIs(this.layout.journalLock, 0),
        ...guarded.map((s) => modRevisionIs(s.key, s.op.expectVersion ?? 0)),
      ],
      success: sized.map((s) => (s.json === undefined ? deleteRequest(s.key) : putRequest(s.key, s.json))),
      failure: [rangeRequest(this.layout.journalLock), ...guarded.map((s) => rangeRequest(s.key))],
    });
    if (res.succeeded) return Number(res.header.revision);
    const [lockRes, ...guardRes] = res.responses;
    const versions = new Map(
      guarded.map((s, i) => [s.op, Number(guardRes[i].response_range.kvs[0]?.mod_revision ?? 0)]),
    );
    const failures = findGuardFailures(
      guarded.map((s) => s.op),
      (op) => versions.get(op) ?? 0,
    );
    if (failures.length > 0) throw conflictError(failures);
    if (lockRes.response_range.kvs.length > 0) return LOCKED;
    throw new Error('etcd rejected a commit whose compares all hold at the same revision');
  }

  /** Runs `attempt` until it gets past the journal lock, for at most JOURNAL_WAIT_MS. */
  private async retryWhileLocked<T>(what: string, attempt: () => Promise<T | typeof LOCKED>): Promise<T> {
    const deadline = Date.now() + JOURNAL_WAIT_MS;
    for (;;) {
      const result = await attempt();
      if (result !== LOCKED) return result;
      if (Date.now() >= deadline) {
        throw new ConflictError(`${what}: a split commit has held the journal lock for over ${JOURNAL_WAIT_MS} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, JOURNAL_POLL_MS));
    }
  }

  private async lockHeldAt(revision: number): Promise<boolean> {
    try {
      const res = await this.client.kv.range({ key: Buffer.from(this.layout.journalLock), revision });
      return res.kvs.length > 0;
    } catch (err) {
      throw toStoreError(err, revision);
    }
  }

  private async explainCancel(err: Error, lastSeen: number): Promise<Error> {
    try {
      await this.client.kv.range({ key: Buffer.from(this.layout.journalLock), revision: lastSeen + 1 });
    } catch (probeErr) {
      if (isCompacted(probeErr)) return new CompactedError(lastSeen);
    }
    return err;
  }

  private async txn(req: ITxnRequest): Promise<ITxnResponse> {
    try {
      return await this.client.kv.txn(req);
    } catch (err) {
      throw toStoreError(err);
    }
  }

  private async range(req: IRangeRequest): Promise<IRangeResponse> {
    try {
      return await this.client.kv.range(req);
    } catch (err) {
      throw toStoreError(err);
    }
  }
}

function toRawEvent(e: { type: string; kv: IKeyValue }): RawEvent {
  return {
    key: e.kv.key.toString(),
    type: e.type === 'Delete' ? 'delete' : 'put',
    json: e.type === 'Delete' ? undefined : e.kv.value.toString(),
    revision: Number(e.kv.mod_revision),
  };
}
