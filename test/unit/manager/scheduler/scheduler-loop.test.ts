// The scheduler loop against a memory store, on a fake clock: it places waiting tasks one debounce
// after they appear, in one write; gives networks, VIPs and task addresses before placing; says once
// why a task waits; wakes by itself when a restart delay ends; and retries a failed write.
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseSubnet } from '../../../../manager/allocator/ipam';
import { SCHEDULER_DEBOUNCE_MS, SchedulerLoop } from '../../../../manager/scheduler/scheduler-loop';
import { ClusterState } from '../../../../manager/state/cluster-state';
import type { Kind, Store, WriteOp } from '../../../../manager/store/store';
import { UnavailableError } from '../../../../proto/errors';
import type { Task } from '../../../../proto/types';
import { makeNode, makeService, makeTask, type TaskOverrides, makeNetwork } from '../../../fakes/builders';
import { FakeClock } from '../../../fakes/fake-clock';
import { MemoryStore } from '../../../fakes/memory-store';
import { attach } from '../allocator/fixtures';

const POOL = parseSubnet('10.0.0.0/12');

let stopAll: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopAll?.();
  stopAll = undefined;
  vi.restoreAllMocks();
});

const put = (kind: Kind, value: { id: string }): WriteOp =>
  ({ op: 'put', kind, id: value.id, value, expectVersion: 0 }) as WriteOp;
const task = (id: string, o: TaskOverrides = {}): Task =>
  makeTask({ id, serviceId: 's', slot: Number(id.replace(/\D/g, '')) || 1, status: { state: 'pending' }, ...o });

/**
 * A started loop on a memory store seeded with `objects`. The loop writes through `loopStore`, which
 * records each of its commits (as the objects written) and fails the next one when a test says so;
 * `write` is another writer (the orchestrator, the dispatcher), and waits until the loop's view has it.
 */
async function setup(objects: [Kind, { id: string }][]) {
  const clock = new FakeClock();
  const store = new MemoryStore();
  if (objects.length) await store.commit(objects.map(([kind, value]) => put(kind, value)));
  const state = new ClusterState(store);
  await state.start();
  const written: string[][] = [];
  let failure: Error | undefined;
  const loopStore: Store = {
    load: () => store.load(),
    watch: (after, onEvents) => store.watch(after, onEvents),
    close: () => store.close(),
    async commit(ops) {
      written.push(ops.map((op) => `${op.kind}/${op.id}`));
      const err = failure;
      failure = undefined;
      if (err) throw err;
      return store.commit(ops);
    },
  };
  const loop = new SchedulerLoop(state, loopStore, clock, pino({ level: 'silent' }), POOL, clock);
  stopAll = async () => {
    loop.stop();
    await state.stop();
  };
  loop.start();
  return {
    clock,
    state,
    loop,
    commits: () => written,
    failNextCommit: (err: Error) => (failure = err),
    write: async (...ops: WriteOp[]) => state.waitFor(await store.commit(ops)),
    get: (id: string) => state.get('tasks', id)!,
  };
}

describe('SchedulerLoop', () => {
  it('places the waiting tasks one debounce after it starts, in one write, stamped with the time', async () => {
    const s = await setup([
      ['nodes', makeNode({ id: 'a', description: { hostname: 'host-a' } })],
      ['services', makeService({ id: 's' })],
      ['tasks', task('t1')],
      ['tasks', task('t2')],
    ]);
    expect(s.clock.pending()).toEqual([SCHEDULER_DEBOUNCE_MS]);
    await s.clock.advance(SCHEDULER_DEBOUNCE_MS - 1);
    expect(s.commits()).toEqual([]);

    await s.clock.advance(1);
    expect(s.commits()).toEqual([['tasks/t1', 'tasks/t2']]);
    for (const id of ['t1', 't2']) {
      expect(s.get(id)).toMatchObject({
        nodeId: 'a',
        status: { state: 'assigned', message: 'assigned to host-a', timestamp: s.clock.now() },
        meta: { updatedAt: s.clock.now() },
      });
    }
    await s.clock.advance(60_000);
    expect(s.commits()).toHaveLength(1);
  });

  it('gathers tasks that appear within the debounce into one write', async () => {
    const s = await setup([
      ['nodes', makeNode({ id: 'a' })],
      ['services', makeService({ id: 's' })],
    ]);
    await s.clock.advance(SCHEDULER_DEBOUNCE_MS);
    expect(s.commits()).toEqual([]);

    await s.write(put('tasks', task('t1')));
    await s.clock.advance(4);
    await s.write(put('tasks', task('t2')));
    await s.clock.advance(4);
    await s.write(put('tasks', task('t3')));
    expect(s.commits()).toEqual([]);
    await s.clock.advance(SCHEDULER_DEBOUNCE_MS - 8);
    expect(s.commits()).toEqual([['tasks/t1', 'tasks/t2', 'tasks/t3']]);
    expect(['t1', 't2', 't3'].map((id) => s.get(id).nodeId)).toEqual(['a', 'a', 'a']);
  });

  it('gives the network, the VIP and the task address, in that order of writes, before placing the task', async () => {
    const network = makeNetwork({ id: 'net', spec: { name: 'web_default' } });
    const spec = { networks: attach('web_default') };
    const s = await setup([
      ['nodes', makeNode({ id: 'a' })],
      ['networks', network],
      ['services', makeService({ id: 's', spec })],
      ['tasks', task('t1', { spec })],
    ]);
    await s.clock.advance(SCHEDULER_DEBOUNCE_MS);
    // Networks and VIPs are visible before any task placed on them can reach its node.
    expect(s.commits()).toEqual([['networks/net', 'services/s'], ['tasks/t1']]);
    expect(s.state.get('networks', 'net')!.allocation).toEqual({
      vni: 4096,
      subnet: '10.0.0.0/24',
      gateway: '10.0.0.1',
    });
    expect(s.state.get('services', 's')!.virtualIps).toEqual([
      { networkId: 'net', network: 'web_default', address: '10.0.0.2/24' },
    ]);
    expect(s.get('t1')).toMatchObject({
      nodeId: 'a',
      addresses: [{ networkId: 'net', network: 'web_default', address: '10.0.0.3/24' }],
    });
  });

  it('writes why a task waits once, not at every tick, and places it when a node comes', async () => {
    const s = await setup([
      ['services', makeService({ id: 's' })],
      ['tasks', task('t1')],
    ]);
    await s.clock.advance(SCHEDULER_DEBOUNCE_MS);
    expect(s.get('t1').status).toMatchObject({ state: 'pending', message: 'no nodes' });
    expect(s.commits()).toHaveLength(1);

    // Another service changes nothing for the task: the loop ticks, and writes nothing.
    await s.write(put('services', makeService({ id: 's2', spec: { name: 'other' } })));
    expect(s.clock.pending()).toEqual([SCHEDULER_DEBOUNCE_MS]);
    await s.clock.advance(SCHEDULER_DEBOUNCE_MS);
    expect(s.clock.pending()).toEqual([]);
    expect(s.commits()).toHaveLength(1);

    await s.write(put('nodes', makeNode({ id: 'b' })));
    await s.clock.advance(SCHEDULER_DEBOUNCE_MS);
    expect(s.get('t1')).toMatchObject({ nodeId: 'b', status: { state: 'assigned' } });
  });

  it('wakes by itself when a restart delay ends, and places the task then', async () => {
    const restartAt = new FakeClock().now() + 5_000; // 5 s after the fake clock's start
    const s = await setup([
      ['nodes', makeNode({ id: 'a' })],
      ['services', makeService({ id: 's' })],
      ['tasks', task('t1', { restartAt })],
    ]);
    await s.clock.advance(SCHEDULER_DEBOUNCE_MS);
    expect(s.get('t1').nodeId).toBe('');
    expect(s.clock.pending()).toEqual([restartAt - s.clock.now()]);

    await s.clock.advance(restartAt - s.clock.now() - 1);
    expect(s.get('t1').nodeId).toBe('');
    await s.clock.advance(1);
    expect(s.get('t1')).toMatchObject({ nodeId: 'a', status: { state: 'assigned', timestamp: restartAt } });
  });

  it('retries a failed write after a backoff, and places the task then', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1); // the top of the jitter: the first retry is 50 ms on
    const s = await setup([
      ['nodes', makeNode({ id: 'a' })],
      ['services', makeService({ id: 's' })],
      ['tasks', task('t1')],
    ]);
    s.failNextCommit(new UnavailableError('etcd away'));
    await s.clock.advance(SCHEDULER_DEBOUNCE_MS);
    expect(s.commits()).toHaveLength(1);
    expect(s.get('t1').nodeId).toBe('');
    expect(s.clock.pending()).toEqual([50]);

    await s.clock.advance(49);
    expect(s.commits()).toHaveLength(1);
    await s.clock.advance(1);
    expect(s.commits()).toHaveLength(2);
    expect(s.get('t1').nodeId).toBe('a');
  });

  it('places nothing once stopped', async () => {
    const s = await setup([
      ['nodes', makeNode({ id: 'a' })],
      ['services', makeService({ id: 's' })],
      ['tasks', task('t1')],
    ]);
    s.loop.stop();
    expect(s.clock.pending()).toEqual([]);
    await s.write(put('tasks', task('t2')));
    await s.clock.advance(60_000);
    expect(s.commits()).toEqual([]);
    expect([s.get('t1').nodeId, s.get('t2').nodeId]).toEqual(['', '']);
  });
});
