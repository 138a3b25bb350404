// One table of Store behaviour, run against EtcdStore on a real etcd and against the MemoryStore fake, so the fake
// used by unit tests cannot drift from the real thing.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConflictError, InvalidArgumentError } from '../../../proto/errors';
import { EtcdStore } from '../../../manager/store/etcd-store';
import type { Snapshot, Store, StoreEvent, WriteOp } from '../../../manager/store/store';
import { MemoryStore } from '../../fakes/memory-store';
import { startEtcd, type EtcdHandle } from '../etcd-harness';

let etcd: EtcdHandle;
let prefixCounter = 0;

beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  await etcd?.stop();
});

/** Opens `clients` stores that share one state: two etcd clients on a fresh prefix, or one MemoryStore twice. */
type Open = (clients: number) => Store[];
const implementations: [string, Open][] = [
  [
    'EtcdStore',
    (clients) => {
      const prefix = `/contract/${++prefixCounter}`;
      return Array.from({ length: clients }, () => new EtcdStore({ endpoints: etcd.endpoints, prefix }));
    },
  ],
  [
    'MemoryStore',
    (clients) => {
      const store = new MemoryStore();
      return Array.from({ length: clients }, () => store);
    },
  ],
];

const put = (id: string, value: unknown, expectVersion?: number): WriteOp => ({
  op: 'put',
  kind: 'services',
  id,
  value,
  expectVersion,
});
const del = (id: string, expectVersion?: number): WriteOp => ({ op: 'delete', kind: 'services', id, expectVersion });

interface GuardCase {
  what: string;
  /** Commits made first, one after another; their revisions are passed to `commit`. */
  before: WriteOp[][];
  commit: (revs: number[]) => WriteOp[];
  /** The objects whose guard fails, as "kind/id"; absent when the commit succeeds. */
  conflicts?: string[];
}

const guardCases: GuardCase[] = [
  { what: 'create-only succeeds on an absent key', before: [], commit: () => [put('a', 1, 0)] },
  {
    what: 'create-only fails on an existing key',
    before: [[put('a', 1)]],
    commit: () => [put('a', 2, 0)],
    conflicts: ['services/a'],
  },
  { what: 'the current version updates', before: [[put('a', 1)]], commit: ([r]) => [put('a', 2, r)] },
  {
    what: 'a stale version fails',
    before: [[put('a', 1)], [put('a', 2)]],
    commit: ([r]) => [put('a', 3, r)],
    conflicts: ['services/a'],
  },
  {
    what: 'a guarded put of a deleted object fails',
    before: [[put('a', 1)], [del('a')]],
    commit: ([r]) => [put('a', 3, r)],
    conflicts: ['services/a'],
  },
  { what: 'a delete with the current version succeeds', before: [[put('a', 1)]], commit: ([r]) => [del('a', r)] },
  {
    what: 'a delete with a stale version fails',
    before: [[put('a', 1)], [put('a', 2)]],
    commit: ([r]) => [del('a', r)],
    conflicts: ['services/a'],
  },
  { what: 'an unguarded put overwrites', before: [[put('a', 1)], [put('a', 2)]], commit: () => [put('a', 3)] },
  {
    what: 'one stale guard fails the whole batch and writes nothing',
    before: [[put('a', 1)], [put('a', 2)]],
    commit: ([r]) => [put('b', 1, 0), put('c', 1), del('d'), put('a', 3, r)],
    conflicts: ['services/a'],
  },
  {
    what: 'every failing guard is named',
    before: [[put('a', 1), put('b', 1)]],
    commit: ([r]) => [put('a', 2, r + 100), put('b', 2, 0), put('c', 1, 0)],
    conflicts: ['services/a', 'services/b'],
  },
];

/** The objects of a snapshot as plain data: "kind/id" to value and version. */
function contents(s: Snapshot): Record<string, { value: unknown; version: number }> {
  const out: Record<string, { value: unknown; version: number }> = {};
  for (const [kind, byId] of s.objects)
    for (const [id, v] of byId) out[`${kind}/${id}`] = { value: v.value, version: v.version };
  return out;
}

describe.each(implementations)('%s', (_name, open) => {
  it('round-trips JSON values and versions through load()', async () => {
    const [store] = open(1);
    const rev = await store.commit([
      put('web', { image: 'nginx:1.27', replicas: 3, labels: { tier: 'front' }, gone: undefined }),
      { op: 'put', kind: 'nodes', id: 'n1', value: ['a', 1, null, true] },
    ]);
    const snap = await store.load();
    expect(snap.revision).toBe(rev);
    expect(contents(snap)).toEqual({
      'services/web': { value: { image: 'nginx:1.27', replicas: 3, labels: { tier: 'front' } }, version: rev },
      'nodes/n1': { value: ['a', 1, null, true], version: rev },
    });
    expect([...snap.objects.keys()].sort()).toEqual(['networks', 'nodes', 'services', 'stacks', 'tasks']);
    await store.close();
  });

  it.each(guardCases)('$what', async ({ before, commit, conflicts }) => {
    const [store] = open(1);
    const revs: number[] = [];
    for (const ops of before) revs.push(await store.commit(ops));
    const ops = commit(revs);
    const prior = await store.load();
    if (conflicts) {
      const err = await store.commit(ops).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      const message = (err as Error).message;
      for (const id of ['a', 'b', 'c', 'd'])
        expect(message.includes(`services/${id} `)).toBe(conflicts.includes(`services/${id}`));
      const after = await store.load();
      expect(after.revision).toBe(prior.revision);
      expect(contents(after)).toEqual(contents(prior));
    } else {
      const rev = await store.commit(ops);
      expect(rev).toBeGreaterThan(prior.revision);
      const after = contents(await store.load());
      for (const op of ops) {
        if (op.op === 'put') expect(after[`services/${op.id}`]).toEqual({ value: op.value, version: rev });
        else expect(after[`services/${op.id}`]).toBeUndefined();
      }
    }
    await store.close();
  });

  it('rejects a commit that writes one object twice, naming it', async () => {
    const [store] = open(1);
    await expect(store.commit([put('a', 1), del('a')])).rejects.toThrow(InvalidArgumentError);
    await expect(store.commit([put('a', 1), put('a', 2)])).rejects.toThrow(/services\/a/);
    expect(contents(await store.load())).toEqual({});
    await store.close();
  });

  it('lets exactly one of two writers with the same expected version win', async () => {
    const [one, two] = open(2);
    const rev = await one.commit([put('a', 0)]);
    const results = await Promise.allSettled([one.commit([put('a', 1, rev)]), two.commit([put('a', 2, rev)])]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected');
    expect(loser?.status === 'rejected' && loser.reason).toBeInstanceOf(ConflictError);
    const winner = results[0].status === 'fulfilled' ? 1 : 2;
    expect((await two.load()).objects.get('services')?.get('a')?.value).toBe(winner);
    await Promise.all([one.close(), two.close()]);
  });

  it('watches every commit after a revision, in order, one batch per commit', async () => {
    const [store] = open(1);
    const r1 = await store.commit([put('a', 1)]);
    const r2 = await store.commit([put('b', 1), put('a', 2)]);
    const r3 = await store.commit([del('b')]);
    const seen: { events: StoreEvent[]; revision: number }[] = [];
    const stop = await store.watch(r1, (events, revision) => seen.push({ events, revision }));
    const r4 = await store.commit([{ op: 'put', kind: 'tasks', id: 't1', value: { slot: 1 } }]);
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(seen).toEqual([
      {
        revision: r2,
        events: [
          { kind: 'services', id: 'b', type: 'put', value: 1, version: r2 },
          { kind: 'services', id: 'a', type: 'put', value: 2, version: r2 },
        ],
      },
      { revision: r3, events: [{ kind: 'services', id: 'b', type: 'delete', version: r3 }] },
      { revision: r4, events: [{ kind: 'tasks', id: 't1', type: 'put', value: { slot: 1 }, version: r4 }] },
    ]);
    await stop();
    // A second watch on the store sees two more commits. Batches go out in revision order, so a batch
    // of the first commit for the stopped watch would have come before the second commit's.
    const later: number[] = [];
    const stopLater = await store.watch(r4, (_events, revision) => later.push(revision));
    const rc = await store.commit([put('c', 1)]);
    const rd = await store.commit([put('d', 1)]);
    await vi.waitFor(() => expect(later).toEqual([rc, rd]));
    expect(seen).toHaveLength(3);
    await stopLater();
    await store.close();
  });

  it('does not bump the revision for a commit that changes nothing', async () => {
    const [store] = open(1);
    const rev = await store.commit([put('a', 1)]);
    expect(await store.commit([del('missing')])).toBe(rev);
    expect(await store.commit([])).toBe(rev);
    expect((await store.load()).revision).toBe(rev);
    await store.close();
  });
});
