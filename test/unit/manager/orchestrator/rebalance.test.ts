import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRebalance } from '../../../../manager/orchestrator/rebalance';
import { reconcileService } from '../../../../manager/orchestrator/reconcile';
import type { UpdateSlot } from '../../../../manager/orchestrator/update';
import type { Node, Service, Task } from '../../../../proto/types';
import { makeNode, makeService, makeSpec, makeTask, type TaskOverrides } from '../../../fakes/builders';

const nodes: Node[] = ['a', 'b', 'c'].map((id) => makeNode({ id }));
/** Service "s", opted in to rebalancing unless told; `update` is the state of its update, if any. */
const svc = (o: { rebalance?: boolean; requested?: boolean; replicas?: number; update?: string } = {}): Service =>
  makeService({
    id: 's',
    rebalanceRequested: o.requested ?? false,
    spec: { replicas: o.replicas ?? 6, rebalance: o.rebalance ?? true },
    updateStatus: o.update ? { state: o.update, message: '', startedAt: 0, completedAt: 0 } : null,
  });

/** Slots 1..n held by running tasks on the given nodes. */
function slots(on: string[], state = 'running'): UpdateSlot[] {
  return on.map((nodeId, i) => {
    const holder = makeTask({ id: `t${i + 1}`, serviceId: 's', slot: i + 1, nodeId, status: { state } });
    return { slot: i + 1, nodeId: '', tasks: [holder], holder, outgoing: null, moving: false };
  });
}

describe('planRebalance', () => {
  it.each([
    [
      'moves the highest slot of the fullest node to the emptiest',
      svc(),
      slots(['a', 'a', 'a', 'b', 'b', 'b']),
      { move: { slot: 6, taskId: 't6', fromNodeId: 'b', targetNodeId: 'c' } },
    ],
    ['leaves even tasks alone', svc(), slots(['a', 'a', 'b', 'b', 'c', 'c']), {}],
    ['leaves a difference of one alone', svc({ replicas: 4 }), slots(['a', 'a', 'b', 'c']), {}],
    [
      'does nothing without the opt-in or a request',
      svc({ rebalance: false }),
      slots(['a', 'a', 'a', 'b', 'b', 'b']),
      {},
    ],
    [
      'does nothing while an update is in progress',
      svc({ update: 'updating' }),
      slots(['a', 'a', 'a', 'b', 'b', 'b']),
      {},
    ],
    [
      'does nothing while an update is paused: a move would roll out the paused spec',
      svc({ update: 'paused' }),
      slots(['a', 'a', 'a', 'b', 'b', 'b']),
      {},
    ],
    [
      'does nothing while a rollback is paused',
      svc({ update: 'rollback_paused', requested: true }),
      slots(['a', 'a', 'a', 'b', 'b', 'b']),
      {},
    ],
    [
      'moves once the update completed',
      svc({ update: 'completed' }),
      slots(['a', 'a', 'a', 'b', 'b', 'b']),
      { move: { slot: 6, taskId: 't6', fromNodeId: 'b', targetNodeId: 'c' } },
    ],
    [
      'waits while a slot is starting',
      svc(),
      [...slots(['a', 'a', 'a', 'b', 'b']), ...slots(['b'], 'starting').map((s) => ({ ...s, slot: 6 }))],
      {},
    ],
  ])('%s', (_name, service, settled, expected) => {
    expect(planRebalance({ service, slots: settled, nodes })).toEqual(expected);
  });

  it('a paused update: the reconcile starts no move of the paused spec', () => {
    const paused = { ...svc({ update: 'paused', replicas: 3 }), specVersion: 2 };
    const p = reconcileService({
      service: paused,
      tasks: slots(['a', 'a', 'a']).map((s) => ({ ...s.holder!, specVersion: 1 })),
      nodes,
      now: 0,
    });
    expect(p).toEqual({ create: [], shutdown: [], remove: [] });
  });

  it('clears a request once the tasks are even', () => {
    const service = svc({ rebalance: false, requested: true });
    expect(planRebalance({ service, slots: slots(['a', 'b', 'c']), nodes }).service?.rebalanceRequested).toBe(false);
  });

  it('neither counts nor moves tasks on a paused node', () => {
    const withPaused = [...nodes.slice(0, 2), makeNode({ id: 'c', availability: 'pause' })];
    expect(planRebalance({ service: svc(), slots: slots(['c', 'c', 'c', 'c', 'a', 'b']), nodes: withPaused })).toEqual(
      {},
    );
  });

  it('a step never lowers the running count below replicas and never increases max minus min', () => {
    const arb = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 12 });
    const all = ['a', 'b', 'c', 'd'].map((id) => makeNode({ id }));
    const spread = (on: string[]) => {
      const counts = all.map((n) => on.filter((x) => x === n.id).length);
      return Math.max(...counts) - Math.min(...counts);
    };
    fc.assert(
      fc.property(arb, (on) => {
        const service = svc({ replicas: on.length });
        // Start-first: the reconcile pass that starts a move shuts nothing down, so every running task keeps running.
        const pass = reconcileService({ service, tasks: slots(on).map((s) => s.holder!), nodes: all, now: 0 });
        expect(pass.shutdown).toEqual([]);
        expect(pass.create.length).toBeLessThanOrEqual(1);
        const step = planRebalance({ service, slots: slots(on), nodes: all });
        if (!step.move) return;
        const after = on.map((n, i) => (i + 1 === step.move!.slot ? step.move!.targetNodeId : n));
        expect(spread(after)).toBeLessThanOrEqual(spread(on));
        expect(spread(on)).toBeGreaterThan(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('reconcileService: a rebalance move whose target can no longer take it', () => {
  // Slots 1-3 run on a; slot 3's move to b waits for a node, created after the running tasks.
  const running = slots(['a', 'a', 'a']).map((s) => s.holder!);
  const move = (o: TaskOverrides = {}): Task =>
    makeTask({
      id: 'm3',
      serviceId: 's',
      slot: 3,
      nodeId: '',
      targetNodeId: 'b',
      status: { state: 'pending' },
      meta: { version: 1, createdAt: 5, updatedAt: 5 },
      ...o,
    });
  const withB = (b: Node | null): Node[] => [makeNode({ id: 'a' }), ...(b ? [b] : []), makeNode({ id: 'c' })];
  const cancelled = (why: string) => ({
    create: [],
    shutdown: [{ taskId: 'm3', reason: `rebalance cancelled: its target${why}` }],
    remove: [],
  });
  it.each([
    [
      'target down',
      move(),
      withB(makeNode({ id: 'b', status: 'down' })),
      cancelled(': no suitable node: 1 node is down'),
    ],
    [
      'target paused',
      move(),
      withB(makeNode({ id: 'b', availability: 'pause' })),
      cancelled(': no suitable node: 1 node is paused'),
    ],
    [
      'target drained',
      move(),
      withB(makeNode({ id: 'b', availability: 'drain' })),
      cancelled(': no suitable node: 1 node is drained'),
    ],
    ['target left the cluster', move(), withB(null), cancelled(' node left the cluster')],
    [
      'target no longer matches the constraints',
      move({ spec: makeSpec({ placement: { constraints: ['node.labels.zone==east'] } }) }),
      withB(makeNode({ id: 'b' })),
      cancelled(': no suitable node: 1 node does not satisfy the constraints'),
    ],
    [
      'target still fits: the move goes on',
      move(),
      withB(makeNode({ id: 'b' })),
      { create: [], shutdown: [], remove: [], followProgress: true },
    ],
    [
      'a move placed on its target but not yet running is cancelled too',
      move({ nodeId: 'b', status: { state: 'starting' } }),
      withB(makeNode({ id: 'b', availability: 'pause' })),
      cancelled(': no suitable node: 1 node is paused'),
    ],
    [
      'a move that runs is done: the task it replaces leaves',
      move({ nodeId: 'b', status: { state: 'running' } }),
      withB(makeNode({ id: 'b', availability: 'pause' })),
      { create: [], shutdown: [{ taskId: 't3', reason: 'rebalanced: replaced by task m3' }], remove: [] },
    ],
  ] as [string, Task, Node[], object][])('%s', (_, mover, cluster, want) => {
    expect(
      reconcileService({ service: svc({ replicas: 3 }), tasks: [...running, mover], nodes: cluster, now: 0 }),
    ).toEqual(want);
  });

  it(
    'once cancelled, the slot keeps its running task ' + 'and the rebalance plans a move to a node that can take it',
    () => {
      const cluster = withB(makeNode({ id: 'b', status: 'down' }));
      const service = svc({ replicas: 3, rebalance: false, requested: true });
      const first = reconcileService({ service, tasks: [...running, move()], nodes: cluster, now: 0 });
      const after = [
        ...running,
        { ...move(), desiredState: 'shutdown', status: { ...move().status, state: 'shutdown' } },
      ];
      expect(first.shutdown.map((s) => s.taskId)).toEqual(['m3']);
      expect(reconcileService({ service, tasks: after, nodes: cluster, now: 0 }).create).toEqual([
        { slot: 3, nodeId: '', restartAt: 0, targetNodeId: 'c' },
      ]);
    },
  );
});
