// EtcdStore across etcd restarts and history compaction, on a real etcd.
import { Etcd3 } from 'etcd3';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { CompactedError } from '../../../manager/store/compacted-error';
import { EtcdStore } from '../../../manager/store/etcd-store';
import type { StoreEvent, WriteOp } from '../../../manager/store/store';
import { startEtcd, type EtcdHandle } from '../etcd-harness';

let etcd: EtcdHandle;
let prefixCounter = 0;
const stores: EtcdStore[] = [];

beforeAll(async () => {
  etcd = await startEtcd();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await etcd?.stop();
});

function open(prefix: string): EtcdStore {
  const store = new EtcdStore({ endpoints: etcd.endpoints, prefix });
  stores.push(store);
  return store;
}

const node = (id: string, value: unknown): WriteOp => ({ op: 'put', kind: 'nodes', id, value });

/** Commits, retrying while the client's connection comes back after a restart (a refused call was not applied). */
function commitWhenUp(store: EtcdStore, ops: WriteOp[]): Promise<number> {
  return vi.waitFor(() => store.commit(ops), { timeout: 10_000, interval: 50 });
}

it(
  'keeps the data across an etcd restart on the same data dir, ' + 'and a watch resumes without loss or repeats',
  async () => {
    const prefix = `/restart/${++prefixCounter}`;
    const reader = open(prefix);
    const writer = open(prefix);
    const r1 = await writer.commit([node('n1', { state: 'ready' })]);
    const seen: { events: StoreEvent[]; revision: number }[] = [];
    await reader.watch(r1, (events, revision) => seen.push({ events, revision }));
    const r2 = await writer.commit([node('n2', { state: 'ready' })]);
    await vi.waitFor(() => expect(seen).toHaveLength(1));

    const before = await writer.load();
    await etcd.restart();
    // Written as soon as etcd is back, likely before the watch has reconnected: it must replay these.
    const r3 = await commitWhenUp(writer, [node('n3', { state: 'ready' })]);
    const r4 = await writer.commit([{ op: 'delete', kind: 'nodes', id: 'n1' }]);

    const after = await writer.load();
    expect(after.objects.get('nodes')?.get('n2')).toEqual(before.objects.get('nodes')?.get('n2'));
    await vi.waitFor(() => expect(seen).toHaveLength(3), { timeout: 10_000 });
    // One more commit: the watch delivers in revision order, so a batch it repeats would come before this one.
    const r5 = await writer.commit([node('n5', { state: 'ready' })]);
    await vi.waitFor(() => expect(seen.at(-1)?.revision).toBe(r5));
    seen.pop();
    expect(seen.map((b) => b.revision)).toEqual([r2, r3, r4]);
    expect(seen.map((b) => b.events.map((e) => `${e.type} ${e.id}`))).toEqual([['put n2'], ['put n3'], ['delete n1']]);
  },
);

/** A TCP relay to etcd that a test can cut (dropping every connection, refusing new ones) and restore. */
class CuttableRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.sockets.forEach((s) => s.destroy());
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

it('a watch cut off from etcd catches up on what was written meanwhile, in order and once', async () => {
  const prefix = `/restart/${++prefixCounter}`;
  const relay = new CuttableRelay(new URL(etcd.endpoints[0]));
  await relay.open();
  const reader = new EtcdStore({ endpoints: [`http://127.0.0.1:${relay.port}`], prefix });
  const writer = open(prefix);
  try {
    const r1 = await writer.commit([node('n1', 1)]);
    const seen: number[] = [];
    await reader.watch(r1, (_events, revision) => seen.push(revision));
    const r2 = await writer.commit([node('n1', 2)]);
    await vi.waitFor(() => expect(seen).toEqual([r2]));

    await relay.cut();
    const missed: number[] = [];
    for (let i = 3; i <= 6; i++) missed.push(await writer.commit([node(`n${i}`, i)]));
    // A watch straight to etcd has them all: the reader would have too, had the cut left it a way.
    const direct: number[] = [];
    await writer.watch(r2, (_events, revision) => direct.push(revision));
    await vi.waitFor(() => expect(direct).toEqual(missed));
    expect(seen).toEqual([r2]);
    await relay.open();

    await vi.waitFor(() => expect(seen).toEqual([r2, ...missed]), { timeout: 10_000 });
    const r7 = await writer.commit([node('n7', 7)]);
    await vi.waitFor(() => expect(seen).toEqual([r2, ...missed, r7]));
  } finally {
    await reader.close();
    await relay.cut();
  }
});

it('rejects a watch from compacted history with CompactedError', async () => {
  const store = open(`/restart/${++prefixCounter}`);
  const r1 = await store.commit([node('n1', 1)]);
  await store.commit([node('n1', 2)]);
  const r3 = await store.commit([node('n1', 3)]);
  const raw = new Etcd3({ hosts: etcd.endpoints });
  try {
    await raw.kv.compact({ revision: r3, physical: true });
  } finally {
    raw.close();
  }
  const err = await store.watch(r1, () => undefined).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CompactedError);
  expect((err as CompactedError).afterRevision).toBe(r1);
  // From the fresh snapshot's revision the watch works again.
  const snap = await store.load();
  const seen: number[] = [];
  await store.watch(snap.revision, (_events, revision) => seen.push(revision));
  const r4 = await store.commit([node('n1', 4)]);
  await vi.waitFor(() => expect(seen).toEqual([r4]));
});

it('reports CompactedError through onError when etcd cancels a running watch for compaction', async () => {
  const store = open(`/restart/${++prefixCounter}`);
  await store.commit([node('n1', 1)]);
  const r2 = await store.commit([node('n1', 2)]);
  const raw = new Etcd3({ hosts: etcd.endpoints });
  try {
    await raw.kv.compact({ revision: r2, physical: true });
  } finally {
    raw.close();
  }
  // From revision 0 nothing is probed up front: etcd accepts the watch, then cancels it.
  const errors: Error[] = [];
  const delivered: number[] = [];
  await store.watch(
    0,
    (_events, revision) => delivered.push(revision),
    (err) => errors.push(err),
  );
  await vi.waitFor(() => expect(errors).toHaveLength(1));
  expect(errors[0]).toBeInstanceOf(CompactedError);
  expect((errors[0] as CompactedError).afterRevision).toBe(0);
  expect(delivered).toEqual([]);
});

it('stops the watch and reports to onError when the handler throws', async () => {
  const store = open(`/restart/${++prefixCounter}`);
  const start = (await store.load()).revision;
  const errors: Error[] = [];
  let calls = 0;
  await store.watch(
    start,
    () => {
      calls++;
      throw new Error('handler bug');
    },
    (err) => errors.push(err),
  );
  await store.commit([node('n1', 1)]);
  await vi.waitFor(() => expect(errors.map((e) => e.message)).toEqual(['handler bug']));
  // A second watch on the store sees two more commits. Batches go out in revision order, so a batch
  // of the first commit for the stopped watch would have come before the second commit's.
  const later: number[] = [];
  await store.watch((await store.load()).revision, (_events, revision) => later.push(revision));
  const r2 = await store.commit([node('n1', 2)]);
  const r3 = await store.commit([node('n1', 3)]);
  await vi.waitFor(() => expect(later).toEqual([r2, r3]));
  expect(calls).toBe(1);
  expect(errors).toHaveLength(1);
});
