// Split commits on a real etcd whose --max-txn-ops is 8: batches larger than one txn stay all-or-nothing, to
// watchers too, and recover() finishes or discards a journal a crashed writer left behind.
import { Etcd3, type ITxnRequest, type KVClient } from 'etcd3';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConflictError } from '../../../proto/errors';
import { sizeOps, type JournalLock, type JournalOp } from '../../../manager/store/commit-plan';
import { EtcdJournal } from '../../../manager/store/etcd-journal';
import { EtcdStore } from '../../../manager/store/etcd-store';
import { KeyLayout } from '../../../manager/store/keys';
import type { StoreEvent, WriteOp } from '../../../manager/store/store';
import { startEtcd, type EtcdHandle } from '../etcd-harness';

const MAX_TXN_OPS = 8;

let etcd: EtcdHandle;
let raw: Etcd3;
let prefixCounter = 0;
const stores: EtcdStore[] = [];

beforeAll(async () => {
  etcd = await startEtcd({ maxTxnOps: MAX_TXN_OPS });
  raw = new Etcd3({ hosts: etcd.endpoints });
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  raw?.close();
  await etcd?.stop();
});

function open(): { store: EtcdStore; layout: KeyLayout } {
  const layout = new KeyLayout(`/split/${++prefixCounter}`);
  const store = new EtcdStore({ endpoints: etcd.endpoints, prefix: layout.prefix, maxTxnOps: MAX_TXN_OPS });
  stores.push(store);
  return { store, layout };
}

const task = (i: number, expectVersion?: number): WriteOp => ({
  op: 'put',
  kind: 'tasks',
  id: `t${i}`,
  value: { slot: i },
  expectVersion,
});

async function journalKeys(layout: KeyLayout): Promise<string[]> {
  return raw.getAll().prefix(layout.journalRoot).keys();
}

function collect(): {
  batches: { events: StoreEvent[]; revision: number }[];
  onEvents: (events: StoreEvent[], revision: number) => void;
} {
  const batches: { events: StoreEvent[]; revision: number }[] = [];
  return { batches, onEvents: (events, revision) => batches.push({ events, revision }) };
}

describe('split commit', () => {
  it('applies 50 guarded ops atomically and shows them to a watcher as one batch', async () => {
    const { store, layout } = open();
    const start = (await store.load()).revision;
    const { batches, onEvents } = collect();
    await store.watch(start, onEvents);
    const ops = Array.from({ length: 50 }, (_, i) => task(i, 0));
    const rev = await store.commit(ops);
    const tasks = (await store.load()).objects.get('tasks');
    expect(tasks?.size).toBe(50);
    expect(tasks?.get('t49')?.value).toEqual({ slot: 49 });
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    expect(batches[0].revision).toBe(rev);
    expect(batches[0].events.map((e) => e.id)).toEqual(ops.map((o) => o.id));
    expect(await journalKeys(layout)).toEqual([]);
  });

  it('writes nothing when a guard in the last chunk fails, and names it', async () => {
    const { store, layout } = open();
    const existing = await store.commit([task(49)]);
    const before = await store.load();
    const { batches, onEvents } = collect();
    await store.watch(before.revision, onEvents);
    const ops = Array.from({ length: 50 }, (_, i) => task(i, i === 49 ? existing + 1 : 0));
    const err = await store.commit(ops).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toMatch(/tasks\/t49 \(expected version \d+, found \d+\)/);
    expect((err as Error).message).not.toMatch(/tasks\/t48/);
    const after = await store.load();
    expect([...(after.objects.get('tasks')?.keys() ?? [])]).toEqual(['t49']);
    expect(await journalKeys(layout)).toEqual([]);
    // The next ordinary commit is not blocked, and the watcher saw nothing of the failed one.
    await store.commit([task(1, 0)]);
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    expect(batches[0].events.map((e) => e.id)).toEqual(['t1']);
  });

  it('splits by bytes when a few ops exceed one request', async () => {
    const { store } = open();
    const blob = 'x'.repeat(400_000);
    const ops: WriteOp[] = Array.from({ length: 6 }, (_, i) => ({
      op: 'put',
      kind: 'stacks',
      id: `s${i}`,
      value: { blob },
      expectVersion: 0,
    }));
    const rev = await store.commit(ops);
    const stacks = (await store.load()).objects.get('stacks');
    expect(stacks?.size).toBe(6);
    expect(
      [...(stacks?.values() ?? [])].every(
        (v) => v.version <= rev && (v.value as { blob: string }).blob.length === blob.length,
      ),
    ).toBe(true);
  });
});

describe('recover()', () => {
  /** Writes a journal the way a writer that crashed would have left it. */
  async function leaveJournal(layout: KeyLayout, lock: JournalLock, chunks: JournalOp[][]): Promise<void> {
    for (const [i, c] of chunks.entries()) await raw.put(layout.journalChunk(i)).value(JSON.stringify(c));
    await raw.put(layout.journalLock).value(JSON.stringify(lock));
  }

  it('reports nothing to do without a journal', async () => {
    const { store } = open();
    expect(await store.recover()).toBe('none');
  });

  it('rolls a committed journal forward while commits, loads and watches wait for it', async () => {
    const { store, layout } = open();
    const journalOps: JournalOp[] = [
      { op: 'put', key: layout.object('services', 'web'), value: { replicas: 2 } },
      { op: 'put', key: layout.object('tasks', 'a'), value: { slot: 1 } },
      { op: 'delete', key: layout.object('tasks', 'old') },
    ];
    await raw.put(layout.object('tasks', 'old')).value('{}');
    await leaveJournal(layout, { state: 'committed', chunks: 2 }, [journalOps.slice(0, 2), journalOps.slice(2)]);
    // The crashed writer had applied its first op before dying.
    const crashed = await raw
      .put(layout.object('services', 'web'))
      .value(JSON.stringify({ replicas: 2 }))
      .exec();

    const { batches, onEvents } = collect();
    await store.watch(Number(crashed.header.revision), onEvents);
    const waitingCommit = store.commit([task(9, 0)]);
    const waitingLoad = store.load();
    const settled: string[] = [];
    const mark = (what: string) => () => void settled.push(what);
    void waitingCommit.then(mark('commit'), mark('commit'));
    void waitingLoad.then(mark('load'), mark('load'));
    // The scenario: both run into the lock and poll it (every 25 ms) while the crashed writer's journal stays.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toEqual([]);

    expect(await store.recover()).toBe('rolled-forward');
    const loaded = await waitingLoad;
    expect(loaded.objects.get('services')?.get('web')?.value).toEqual({ replicas: 2 });
    // The waiting commit of t9 may land before the load's retry; the journal's effect is what matters here.
    expect(loaded.objects.get('tasks')?.has('a')).toBe(true);
    expect(loaded.objects.get('tasks')?.has('old')).toBe(false);
    await waitingCommit;
    expect(await journalKeys(layout)).toEqual([]);

    await vi.waitFor(() => expect(batches).toHaveLength(2));
    expect(batches[0].events.map((e) => `${e.type} ${e.kind}/${e.id}`)).toEqual([
      'put services/web',
      'put tasks/a',
      'delete tasks/old',
    ]);
    expect(batches[1].events.map((e) => e.id)).toEqual(['t9']);
  });

  it(
    'finishes a split commit whose flip to committed landed but whose reply was lost, ' + 'before the next commit',
    async () => {
      const { store, layout } = open();
      // The real KV client, except that the reply to the flip of the lock to committed never arrives.
      const kv = raw.kv;
      const flipsTo = (req: ITxnRequest) =>
        (req.success ?? []).some(
          (op) =>
            op.request_put?.key?.toString() === layout.journalLock &&
            op.request_put.value?.toString().includes('committed'),
        );
      const lossy = {
        range: (req: Parameters<KVClient['range']>[0]) => kv.range(req),
        txn: async (req: ITxnRequest) => {
          const res = await kv.txn(req);
          if (flipsTo(req)) throw new Error('connection reset by peer (test: the reply was lost)');
          return res;
        },
      } as unknown as KVClient;
      const journal = new EtcdJournal(lossy, layout, MAX_TXN_OPS, pino({ level: 'silent' }));
      const ops = Array.from({ length: 20 }, (_, i) => task(i, 0));
      const lockRev = await journal.lock();
      await expect(journal.commit(sizeOps(layout, ops), lockRev!)).rejects.toThrow(/reply was lost/);
      // The commit point was passed: the next commit of this writer finishes it first.
      expect(JSON.parse((await raw.get(layout.journalLock)) ?? '{}')).toMatchObject({ state: 'committed' });
      await journal.recoverOrphan();
      expect(await journalKeys(layout)).toEqual([]);
      expect((await store.load()).objects.get('tasks')?.size).toBe(20);
      await store.commit([task(20, 0)]);
      expect((await store.load()).objects.get('tasks')?.size).toBe(21);
    },
  );

  it('discards an uncommitted journal without applying any of it', async () => {
    const { store, layout } = open();
    await leaveJournal(layout, { state: 'pending' }, [
      [{ op: 'put', key: layout.object('tasks', 'a'), value: { slot: 1 } }],
    ]);
    expect(await store.recover()).toBe('discarded');
    expect((await store.load()).objects.get('tasks')?.size).toBe(0);
    expect(await journalKeys(layout)).toEqual([]);
    await store.commit([task(1, 0)]);
    expect((await store.load()).objects.get('tasks')?.size).toBe(1);
  });
});
