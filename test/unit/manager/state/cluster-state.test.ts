import { afterEach, describe, expect, it } from 'vitest';
import { ClusterState, isLifecycleChange, type ChangeSet } from '../../../../manager/state/cluster-state';
import type { Task } from '../../../../proto/types';
import { makeTask } from '../../../fakes/builders';
import { MemoryStore } from '../../../fakes/memory-store';

const base = makeTask({ id: 't', serviceId: 's1', nodeId: 'n1', status: { state: 'assigned' } });

describe('isLifecycleChange', () => {
  it.each([
    ['created', undefined, base, true],
    ['deleted', base, undefined, true],
    ['moved to another node', base, { ...base, nodeId: 'n2' }, true],
    ['desired state changed', base, { ...base, desiredState: 'shutdown' }, true],
    ['ended', base, { ...base, status: { ...base.status, state: 'failed' } }, true],
    ['progress report only', base, { ...base, status: { ...base.status, state: 'running' } }, false],
  ] as [string, Task | undefined, Task | undefined, boolean][])('%s: %s', (_w, before, after, want) => {
    expect(isLifecycleChange(before, after)).toBe(want);
  });
});

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
      { op: 'put', kind: 'tasks', id: 'a', value: makeTask({ id: 'a', serviceId: 's1', nodeId: 'n1' }), expectVersion: 0 },
      { op: 'put', kind: 'tasks', id: 'b', value: makeTask({ id: 'b', serviceId: 's1', nodeId: '' }), expectVersion: 0 },
    ]);
    await s.waitFor(rev);
    expect(s.tasksOf('s1').map((t) => t.id).sort()).toEqual(['a', 'b']);
    expect(s.tasksOnNode('n1').map((t) => t.id)).toEqual(['a']);
    expect(s.get('tasks', 'a')!.meta.version).toBe(rev);
    expect([...changes[0].serviceIds]).toEqual(['s1']);
    expect([...changes[0].taskNodeIds]).toEqual(['n1']);

    const moved = { ...s.get('tasks', 'b')!, nodeId: 'n2' };
    await s.waitFor(await store.commit([{ op: 'put', kind: 'tasks', id: 'b', value: moved, expectVersion: s.get('tasks', 'b')!.meta.version }]));
    expect(s.tasksOnNode('n2').map((t) => t.id)).toEqual(['b']);
    expect([...changes[1].taskNodeIds]).toEqual(['n2']);

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
