import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClusterState, type ChangeSet, type InvalidObject } from '../../../../manager/state/cluster-state';
import { TaskSet } from '../../../../manager/state/task-set';
import type { StoreEvent } from '../../../../manager/store/store';
import type { Task } from '../../../../proto/types';
import { makeService, makeTask } from '../../../fakes/builders';
import { MemoryStore } from '../../../fakes/memory-store';

const base = makeTask({ id: 't', serviceId: 's1', nodeId: 'n1', status: { state: 'assigned' } });

describe('ClusterState', () => {
  let state: ClusterState | undefined;
  afterEach(async () => state?.stop());

  async function setup() {
    const store = new MemoryStore();
    state = new ClusterState(store);
    await state.start();
    const changes: ChangeSet[] = [];
    state.on('change', (c: ChangeSet) => changes.push(c));
    return { store, state, changes };
  }

  it('loads what the store has, then follows it, and indexes tasks by service and node', async () => {
    const { store, state: s, changes } = await setup();
    const rev = await store.commit([
      {
        op: 'put',
        kind: 'tasks',
        id: 'a',
        value: makeTask({ id: 'a', serviceId: 's1', nodeId: 'n1' }),
        expectVersion: 0,
      },
      {
        op: 'put',
        kind: 'tasks',
        id: 'b',
        value: makeTask({ id: 'b', serviceId: 's1', nodeId: '' }),
        expectVersion: 0,
      },
    ]);
    await s.waitFor(rev);
    expect(
      s
        .tasksOf('s1')
        .map((t) => t.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(s.tasksOnNode('n1').map((t) => t.id)).toEqual(['a']);
    expect(s.get('tasks', 'a')!.meta.version).toBe(rev);
    expect([...changes[0].serviceIds]).toEqual(['s1']);
    expect([...changes[0].taskNodeIds]).toEqual([['n1', new Set(['a'])]]);

    const moved = { ...s.get('tasks', 'b')!, nodeId: 'n2' };
    await s.waitFor(
      await store.commit([
        { op: 'put', kind: 'tasks', id: 'b', value: moved, expectVersion: s.get('tasks', 'b')!.meta.version },
      ]),
    );
    expect(s.tasksOnNode('n2').map((t) => t.id)).toEqual(['b']);
    expect([...changes[1].taskNodeIds]).toEqual([['n2', new Set(['b'])]]);

    await s.waitFor(await store.commit([{ op: 'delete', kind: 'tasks', id: 'a' }]));
    expect(s.tasksOf('s1').map((t) => t.id)).toEqual(['b']);
    expect(s.tasksOnNode('n1')).toEqual([]);
  });

  it('reports a progress-only task change without waking the loops', async () => {
    const { store, state: s, changes } = await setup();
    await s.waitFor(await store.commit([{ op: 'put', kind: 'tasks', id: 't', value: base, expectVersion: 0 }]));
    const running = { ...s.get('tasks', 't')!, status: { ...base.status, state: 'running' } };
    await s.waitFor(await store.commit([{ op: 'put', kind: 'tasks', id: 't', value: running }]));
    const last = changes[changes.length - 1];
    expect(last.kinds.has('tasks')).toBe(true);
    expect(last.serviceIds.size).toBe(0);
    expect(last.taskNodeIds.size).toBe(0);
    expect(s.get('tasks', 't')!.status.state).toBe('running');
  });

  it('tells which services changed only by tasks placed or given addresses, and on which nodes', async () => {
    const { store, state: s, changes } = await setup();
    const waiting = (id: string, serviceId: string) =>
      makeTask({ id, serviceId, nodeId: '', status: { state: 'pending' } });
    await s.waitFor(
      await store.commit(
        [waiting('a', 's1'), waiting('b', 's1'), waiting('c', 's2')].map((t) => ({
          op: 'put' as const,
          kind: 'tasks' as const,
          id: t.id,
          value: t,
          expectVersion: 0,
        })),
      ),
    );
    expect(changes.at(-1)!.scheduledOnly.size).toBe(0);
    const placed = (id: string, nodeId: string): Task => ({ ...s.get('tasks', id)!, nodeId });
    await s.waitFor(
      await store.commit([
        { op: 'put', kind: 'tasks', id: 'a', value: placed('a', 'n1') },
        { op: 'put', kind: 'tasks', id: 'b', value: placed('b', 'n2') },
        { op: 'put', kind: 'tasks', id: 'c', value: { ...placed('c', 'n1'), desiredState: 'shutdown' } },
      ]),
    );
    const last = changes.at(-1)!;
    expect([...last.serviceIds].sort()).toEqual(['s1', 's2']);
    expect([...last.scheduledOnly]).toEqual([['s1', new Set(['n1', 'n2'])]]);
  });

  it('waitFor resolves at once for a revision already seen and later for a future one', async () => {
    const { store, state: s } = await setup();
    await expect(s.waitFor(s.revision)).resolves.toBeUndefined();
    let done = false;
    const waiting = s.waitFor(s.revision + 1).then(() => (done = true));
    expect(done).toBe(false);
    await store.commit([{ op: 'put', kind: 'nodes', id: 'n', value: { id: 'n' } }]);
    await waiting;
    expect(done).toBe(true);
  });
});

describe('ClusterState: invalid stored objects', () => {
  let state: ClusterState | undefined;
  afterEach(async () => state?.stop());

  it('sets an invalid object aside at load and from the watch, reports it once, takes a valid write', async () => {
    const store = new MemoryStore();
    const good = makeTask({ id: 'a', serviceId: 's1', nodeId: 'n1' });
    await store.commit([
      { op: 'put', kind: 'services', id: 'bad', value: { id: 'bad', spec: 'garbage' } },
      { op: 'put', kind: 'tasks', id: 'a', value: good },
    ]);
    state = new ClusterState(store);
    const reported: InvalidObject[] = [];
    const changes: ChangeSet[] = [];
    state.on('invalid', (b: InvalidObject) => reported.push(b));
    state.on('change', (c: ChangeSet) => changes.push(c));
    await state.start();
    expect(state.list('services')).toEqual([]);
    expect(state.isInvalid('services', 'bad')).toBe(true);
    expect(reported).toEqual([
      expect.objectContaining({
        kind: 'services',
        id: 'bad',
        problems: ['spec: must be an object', 'specVersion: must be a number', 'virtualIps: must be a list'],
      }),
    ]);

    // A task that turns bad leaves the loops' view: its node and service hear of it.
    await state.waitFor(await store.commit([{ op: 'put', kind: 'tasks', id: 'a', value: { ...good, status: 7 } }]));
    expect(state.get('tasks', 'a')).toBeUndefined();
    expect(state.tasksOnNode('n1')).toEqual([]);
    expect([...changes[0].serviceIds]).toEqual(['s1']);
    expect(state.invalid('tasks')).toEqual([
      {
        kind: 'tasks',
        id: 'a',
        version: state.revision,
        problems: ['status: must be an object'],
        name: 'web',
        stack: '',
        serviceId: 's1',
        slot: 1,
      },
    ]);

    await state.waitFor(await store.commit([{ op: 'put', kind: 'tasks', id: 'a', value: good }]));
    expect(state.get('tasks', 'a')?.id).toBe('a');
    expect(state.invalid('tasks')).toEqual([]);
    expect(reported.map((b) => b.id)).toEqual(['bad', 'a']);
  });

  it('refuses a stored service spec its spec check refuses', async () => {
    const store = new MemoryStore();
    await store.commit([{ op: 'put', kind: 'services', id: 's', value: makeService({ id: 's' }) }]);
    state = new ClusterState(store, (spec) => (spec.replicas > 0 ? ['spec.deploy.replicas: too many'] : []));
    await state.start();
    expect(state.invalid('services').map((b) => [b.id, b.name, b.problems])).toEqual([
      ['s', 'web', ['spec.deploy.replicas: too many']],
    ]);
  });
});

/** A store whose watch can be cut: events are then lost until the test breaks the watch, as etcd's compaction would. */
class CuttableStore extends MemoryStore {
  cut = false;
  private onError?: (err: Error) => void;

  override async watch(
    after: number,
    onEvents: (events: StoreEvent[], revision: number) => void,
    onError?: (err: Error) => void,
  ) {
    this.onError = onError;
    return super.watch(after, (events, revision) => {
      if (!this.cut) onEvents(events, revision);
    });
  }

  breakWatch(): void {
    this.cut = false;
    this.onError?.(new Error('history compacted'));
  }
}

describe('ClusterState task indexes', () => {
  let state: ClusterState | undefined;
  afterEach(async () => state?.stop());

  it('keeps an index current through creation, moves and deletion, and rebuilds it on a reload', async () => {
    const store = new CuttableStore();
    state = new ClusterState(store);
    const put = (t: Task) => ({
      op: 'put' as const,
      kind: 'tasks' as const,
      id: t.id,
      value: t,
      expectVersion: state!.get('tasks', t.id)?.meta.version ?? 0,
    });
    await store.commit([put(makeTask({ id: 'before', nodeId: 'n1' }))]);
    await state.start();
    const onN1 = new TaskSet((t) => t.nodeId === 'n1');
    state.addTaskIndex(onN1);
    const ids = () =>
      onN1
        .list()
        .map((t) => t.id)
        .sort();
    expect(ids()).toEqual(['before']);

    await state.waitFor(
      await store.commit([put(makeTask({ id: 'a', nodeId: 'n1' })), put(makeTask({ id: 'b', nodeId: '' }))]),
    );
    expect(ids()).toEqual(['a', 'before']);
    await state.waitFor(
      await store.commit([
        put({ ...state.get('tasks', 'b')!, nodeId: 'n1' }),
        put({ ...state.get('tasks', 'a')!, nodeId: 'n2' }),
      ]),
    );
    expect(ids()).toEqual(['b', 'before']);
    await state.waitFor(await store.commit([{ op: 'delete', kind: 'tasks', id: 'b' }]));
    expect(ids()).toEqual(['before']);

    // Lost while the watch is cut: a deletion and a creation. The reload finds both, and its change
    // names the deleted task's node.
    const changes: ChangeSet[] = [];
    state.on('change', (c: ChangeSet) => changes.push(c));
    store.cut = true;
    await store.commit([{ op: 'delete', kind: 'tasks', id: 'before' }, put(makeTask({ id: 'c', nodeId: 'n1' }))]);
    expect(ids()).toEqual(['before']);
    store.breakWatch();
    await vi.waitFor(() => expect(changes.length).toBeGreaterThan(0));
    expect(ids()).toEqual(['c']);
    expect(changes[0].taskNodeIds.get('n1')).toEqual(new Set(['before', 'c']));
  });
});
