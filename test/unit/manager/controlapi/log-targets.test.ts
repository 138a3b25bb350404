import { describe, expect, it } from 'vitest';
import { planLogTargets } from '../../../../manager/controlapi/log-targets';
import type { Task } from '../../../../proto/types';
import { makeMeta, makeNode, makeTask } from '../../../fakes/builders';

const nodes = new Map([
  ['n1', makeNode({ id: 'n1', description: { hostname: 'host1' } })],
  ['n2', makeNode({ id: 'n2', description: { hostname: 'host2' } })],
  ['n3', makeNode({ id: 'n3', status: 'down', description: { hostname: 'host3' } })],
]);
const connected = new Set(['n1', 'n3']);
const hasChannel = (id: string) => connected.has(id);

const task = (id: string, slot: number, nodeId: string, state = 'running', createdAt = 0): Task =>
  makeTask({
    id,
    serviceName: 'web_app',
    slot,
    nodeId,
    meta: makeMeta({ createdAt }),
    status: { state, containerId: state === 'pending' ? '' : `c-${id}` },
  });

describe('planLogTargets', () => {
  it('asks each reachable node for its tasks, by slot, with what their lines are tagged with', () => {
    const plan = planLogTargets([task('b', 2, 'n1'), task('a', 1, 'n1')], nodes, hasChannel, new Set(), false);
    expect(plan.requests).toEqual(
      new Map([
        [
          'n1',
          [
            { taskId: 'a', containerId: 'c-a', service: 'web_app', slot: 1, nodeId: 'n1', node: 'host1' },
            { taskId: 'b', containerId: 'c-b', service: 'web_app', slot: 2, nodeId: 'n1', node: 'host1' },
          ],
        ],
      ]),
    );
    expect(plan.notices).toEqual([]);
    expect(plan.handled).toEqual(['a', 'b']);
  });

  it.each([
    ['a node that is down', task('x', 3, 'n3'), 'host3: the node is down; no logs from web_app.3'],
    [
      'a ready node whose agent has no log channel',
      task('x', 2, 'n2'),
      'host2: its agent is not connected to the manager; no logs from web_app.2',
    ],
  ])('gives one notice for %s instead of a request', (_what, t, notice) => {
    const plan = planLogTargets([t], nodes, hasChannel, new Set(), false);
    expect(plan.requests.size).toBe(0);
    expect(plan.notices).toEqual([notice]);
    expect(plan.handled).toEqual(['x']);
  });

  it('names every missing task of a node in its one notice', () => {
    const plan = planLogTargets([task('x', 1, 'n3'), task('y', 4, 'n3')], nodes, hasChannel, new Set(), false);
    expect(plan.notices).toEqual(['host3: the node is down; no logs from web_app.1, web_app.4']);
  });

  it('asks for ended tasks where their containers may still be, and says nothing of them elsewhere', () => {
    const plan = planLogTargets(
      [task('old', 1, 'n1', 'failed'), task('gone', 2, 'n3', 'failed')],
      nodes,
      hasChannel,
      new Set(),
      false,
    );
    expect([...plan.requests.values()].flat().map((t) => t.taskId)).toEqual(['old']);
    expect(plan.notices).toEqual([]);
    expect(plan.handled).toEqual(['old', 'gone']);
  });

  it('skips tasks without a container yet (a later plan picks them up) and tasks already handled', () => {
    const plan = planLogTargets(
      [task('p', 1, 'n1', 'pending'), task('done', 2, 'n1')],
      nodes,
      hasChannel,
      new Set(['done']),
      false,
    );
    expect(plan.requests.size).toBe(0);
    expect(plan.handled).toEqual([]);
  });

  it.each<[string, boolean, string[]]>([
    ['following: a task still starting waits (its container may not run yet), the running one is read', true, ['run']],
    ['not following: both are read as they are', false, ['run', 'start']],
  ])('%s', (_what, follow, read) => {
    const plan = planLogTargets(
      [task('run', 1, 'n1'), task('start', 2, 'n1', 'starting')],
      nodes,
      hasChannel,
      new Set(),
      follow,
    );
    expect((plan.requests.get('n1') ?? []).map((s) => s.taskId)).toEqual(read);
    expect(plan.handled).toEqual(read);
  });

  it(
    'following, a live task on a node that cannot answer is not handled: named once, ' + 'and asked for again later',
    () => {
      const t = task('x', 2, 'n2');
      const first = planLogTargets([t], nodes, hasChannel, new Set(), true);
      expect(first).toMatchObject({
        handled: [],
        unreachable: ['x'],
        notices: ['host2: its agent is not connected to the manager; no logs from web_app.2'],
      });
      const again = planLogTargets([t], nodes, hasChannel, new Set(), true, new Set(first.unreachable));
      expect(again).toMatchObject({ handled: [], unreachable: ['x'], notices: [] });
      const back = planLogTargets([t], nodes, (id) => id === 'n2', new Set(), true, new Set(first.unreachable));
      expect(back).toMatchObject({ handled: ['x'], unreachable: [], notices: [] });
      expect(back.requests.get('n2')!.map((s) => s.taskId)).toEqual(['x']);
    },
  );
});
