import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TASK_HISTORY_PER_SLOT,
  reconcileRemovedService,
  reconcileService,
  type ReconcilePlan,
} from '../../../../manager/orchestrator/reconcile';
import { isLive } from '../../../../domain/task-state';
import type { Node, Service, Task } from '../../../../proto/types';
import {
  makeNode,
  makeService,
  makeSpec,
  makeTask,
  type ServiceOverrides,
  type SpecOverrides,
  type TaskOverrides,
} from '../../../fakes/builders';

const NOW = 1_000_000;

/** A task of service "s" in a slot, created at `age` so that a higher age is newer. */
function task(slot: number, o: TaskOverrides = {}, age = 0): Task {
  return makeTask({
    serviceId: 's',
    slot,
    nodeId: 'a',
    status: { state: 'running' },
    meta: { version: 1, createdAt: age, updatedAt: age },
    ...o,
  });
}

function service(o: ServiceOverrides = {}): Service {
  return makeService({
    id: 's',
    specVersion: 1,
    ...o,
    spec: { replicas: 3, restartPolicy: { delayMs: 0 }, ...o.spec },
  });
}

const cluster: Node[] = [
  makeNode({ id: 'a' }),
  makeNode({ id: 'b' }),
  makeNode({ id: 'down', status: 'down' }),
  makeNode({ id: 'drained', availability: 'drain' }),
  makeNode({ id: 'paused', availability: 'pause' }),
];

function plan(svc: Service, tasks: Task[], nodes = cluster): ReconcilePlan {
  return reconcileService({ service: svc, tasks, nodes, now: NOW });
}

const none: ReconcilePlan = { create: [], shutdown: [], remove: [] };

describe('reconcileService: replicated', () => {
  it.each([
    [
      'creates every missing slot',
      service(),
      [],
      { ...none, create: [1, 2, 3].map((slot) => ({ slot, nodeId: '', restartAt: NOW })) },
    ],
    [
      'leaves a converged service alone',
      service(),
      [task(1, { id: 't1' }), task(2, { id: 't2' }), task(3, { id: 't3', nodeId: '', status: { state: 'pending' } })],
      none,
    ],
    [
      'scales down from the highest slot',
      service({ spec: { replicas: 1 } }),
      [task(1), task(2, { id: 't2' }), task(3, { id: 't3' })],
      {
        ...none,
        shutdown: [
          { taskId: 't3', reason: 'scaled down' },
          { taskId: 't2', reason: 'scaled down' },
        ],
      },
    ],
    [
      'keeps the running task of a slot that has two',
      service({ spec: { replicas: 1 } }),
      [task(1, { id: 'starting', status: { state: 'starting' } }, 5), task(1, { id: 'running' }, 1)],
      { ...none, shutdown: [{ taskId: 'starting', reason: 'another task holds the slot' }] },
    ],
    [
      'replaces at once a task on a down node',
      service({ spec: { replicas: 1 } }),
      [task(1, { id: 't1', nodeId: 'down' })],
      {
        create: [{ slot: 1, nodeId: '', restartAt: NOW }],
        shutdown: [{ taskId: 't1', reason: 'node is down' }],
        remove: [],
      },
    ],
    [
      'drain: a running task on a drained node serves until its replacement runs (start-first)',
      service({ spec: { replicas: 1 } }),
      [task(1, { id: 't1', nodeId: 'drained' })],
      { ...none, create: [{ slot: 1, nodeId: '', restartAt: NOW }] },
    ],
    [
      'drain: the old task keeps serving while its replacement waits for a node',
      service({ spec: { replicas: 1 } }),
      [task(1, { id: 't1', nodeId: 'drained' }), task(1, { id: 'n1', nodeId: '', status: { state: 'pending' } }, 5)],
      { ...none, followProgress: true },
    ],
    [
      'drain: the old task is shut down once its replacement runs',
      service({ spec: { replicas: 1 } }),
      [task(1, { id: 't1', nodeId: 'drained' }), task(1, { id: 'n1', nodeId: 'b' }, 5)],
      { ...none, shutdown: [{ taskId: 't1', reason: 'node is drained: replaced by task n1' }] },
    ],
    [
      'drain: a task not yet running on a drained node is replaced at once',
      service({ spec: { replicas: 1 } }),
      [task(1, { id: 't1', nodeId: 'drained', status: { state: 'starting' } })],
      {
        create: [{ slot: 1, nodeId: '', restartAt: NOW }],
        shutdown: [{ taskId: 't1', reason: 'node is drained' }],
        remove: [],
      },
    ],
    [
      'drain: stop-first when no other node could ever take the task (none ready, active and matching)',
      service({ spec: { replicas: 1, placement: { constraints: ['node.id==drained'] } } }),
      [task(1, { id: 't1', nodeId: 'drained' })],
      {
        create: [{ slot: 1, nodeId: '', restartAt: NOW }],
        shutdown: [{ taskId: 't1', reason: 'node is drained' }],
        remove: [],
      },
    ],
    [
      'drain: a stop-first update order does not make the move stop-first',
      service({ spec: { replicas: 1, updateConfig: { order: 'stop-first' } } }),
      [task(1, { id: 't1', nodeId: 'drained' }), task(1, { id: 'n1', nodeId: 'b', status: { state: 'starting' } }, 5)],
      { ...none, followProgress: true },
    ],
    [
      'drain: a failed replacement goes through the restart policy while the old task keeps serving',
      service({ spec: { replicas: 1, restartPolicy: { delayMs: 5_000 } } }),
      [
        task(1, { id: 't1', nodeId: 'drained' }),
        task(1, { id: 'n1', nodeId: 'b', status: { state: 'failed', exitCode: 1 } }, 5),
      ],
      {
        create: [{ slot: 1, nodeId: '', restartAt: NOW + 5_000 }],
        shutdown: [{ taskId: 'n1', reason: 'restarting: task failed' }],
        remove: [],
      },
    ],
    [
      'replaces a task on a node that left the cluster',
      service({ spec: { replicas: 1 } }),
      [task(1, { id: 't1', nodeId: 'gone' })],
      {
        create: [{ slot: 1, nodeId: '', restartAt: NOW }],
        shutdown: [{ taskId: 't1', reason: 'node left the cluster' }],
        remove: [],
      },
    ],
    ['leaves a task on a paused node', service({ spec: { replicas: 1 } }), [task(1, { nodeId: 'paused' })], none],
    [
      'restarts a failed task after the delay',
      service({ spec: { replicas: 1, restartPolicy: { delayMs: 5_000 } } }),
      [task(1, { id: 't1', status: { state: 'failed', exitCode: 1 } })],
      {
        create: [{ slot: 1, nodeId: '', restartAt: NOW + 5_000 }],
        shutdown: [{ taskId: 't1', reason: 'restarting: task failed' }],
        remove: [],
      },
    ],
    [
      'leaves a task the policy does not restart in its slot, which is not filled again',
      service({ spec: { replicas: 1, restartPolicy: { condition: 'on-failure' } } }),
      [task(1, { status: { state: 'complete' } })],
      none,
    ],
    [
      'stops restarting after max attempts',
      service({ spec: { replicas: 1, restartPolicy: { maxAttempts: 2 } } }),
      [
        task(1, { desiredState: 'shutdown', status: { state: 'failed', timestamp: 1 } }, 1),
        task(1, { desiredState: 'shutdown', status: { state: 'failed', timestamp: 2 } }, 2),
        task(1, { status: { state: 'failed', timestamp: 3 } }, 3),
      ],
      none,
    ],
    [
      'does not count tasks it shut down itself as attempts',
      service({ spec: { replicas: 1, restartPolicy: { maxAttempts: 1 } } }),
      [
        task(1, { desiredState: 'shutdown', status: { state: 'shutdown' } }, 1),
        task(1, { id: 't2', status: { state: 'failed' } }, 2),
      ],
      {
        create: [{ slot: 1, nodeId: '', restartAt: NOW }],
        shutdown: [{ taskId: 't2', reason: 'restarting: task failed' }],
        remove: [],
      },
    ],
    [
      'shuts an ended task down when another task holds its slot',
      service({ spec: { replicas: 1 } }),
      [task(1, { id: 'ended', status: { state: 'failed' } }, 1), task(1, {}, 2)],
      { ...none, shutdown: [{ taskId: 'ended', reason: 'another task holds the slot' }] },
    ],
    [
      'forgets a stopping task whose node left the cluster, but not one on a down node',
      service({ spec: { replicas: 0 } }),
      [
        task(1, { id: 'lost', nodeId: 'gone', desiredState: 'shutdown' }),
        task(2, { nodeId: 'down', desiredState: 'shutdown' }),
      ],
      { ...none, remove: ['lost'] },
    ],
    [
      'fills a slot again after a scale-down and up',
      service({ spec: { replicas: 1 } }),
      [task(1, { desiredState: 'shutdown', status: { state: 'shutdown' } })],
      { ...none, create: [{ slot: 1, nodeId: '', restartAt: NOW }] },
    ],
  ] as [string, Service, Task[], ReconcilePlan][])('%s', (_, svc, tasks, expected) => {
    expect(plan(svc, tasks)).toEqual(expected);
  });
});

describe('reconcileService: rolling update', () => {
  const updating = { state: 'updating', message: 'update in progress', startedAt: 1, completedAt: 0 };
  const v2 = (o: NonNullable<SpecOverrides['updateConfig']> = {}, s: SpecOverrides = {}): Service =>
    service({
      specVersion: 2,
      previousSpec: makeSpec({ replicas: 3 }),
      previousSpecVersion: 1,
      updateStatus: updating,
      spec: { ...s, updateConfig: { monitorMs: 0, ...o } },
    });
  const fresh = (slot: number, o: TaskOverrides = {}): Task => task(slot, { specVersion: 2, ...o }, 2);
  const olds = (...slots: number[]): Task[] => slots.map((slot) => task(slot, { id: `o${slot}` }));
  const shut = (taskId: string, reason = 'updating to spec version 2') => ({ taskId, reason });
  const at = (...slots: number[]) => slots.map((slot) => ({ slot, nodeId: '', restartAt: NOW }));
  it.each([
    [
      'replaces the lowest slots first, parallelism at a time (stop-first)',
      v2({ parallelism: 2 }),
      [...olds(3, 1, 2)],
      at(1, 2),
      [shut('o1'), shut('o2')],
    ],
    [
      'waits while a replacement does not run yet',
      v2(),
      [fresh(1, { status: { state: 'starting' } }), ...olds(2, 3)],
      [],
      [],
    ],
    [
      'goes on once it runs',
      v2(),
      [task(1, { desiredState: 'shutdown', status: { state: 'shutdown' } }), fresh(1), ...olds(2, 3)],
      at(2),
      [shut('o2')],
    ],
    [
      'replaces a task the restart policy left ended',
      v2({}, { replicas: 1, restartPolicy: { condition: 'none' } }),
      [task(1, { id: 'done', status: { state: 'complete' } })],
      at(1),
      [shut('done')],
    ],
    ['start-first: starts the new task beside the old one', v2({ order: 'start-first' }), olds(1, 2, 3), at(1), []],
    [
      'start-first: the old task keeps serving while the new one starts',
      v2({ order: 'start-first' }),
      [fresh(1, { status: { state: 'starting' } }), ...olds(1, 2, 3)],
      [],
      [],
    ],
    [
      'start-first: the old task leaves once the new one runs',
      v2({ order: 'start-first' }),
      [fresh(1, { id: 'n1' }), ...olds(1, 2, 3)],
      [],
      [shut('o1', 'replaced by task n1')],
    ],
    [
      'a paused update replaces nothing',
      service({ specVersion: 2, updateStatus: { ...updating, state: 'paused' } }),
      olds(1, 2, 3),
      [],
      [],
    ],
  ] as [string, Service, Task[], ReconcilePlan['create'], ReconcilePlan['shutdown']][])(
    '%s',
    (_, svc, tasks, create, shutdown) => {
      const p = plan(svc, tasks);
      expect(p.remove).toEqual([]);
      expect(p.create).toEqual(create);
      expect(p.shutdown).toEqual(shutdown);
    },
  );

  it('writes a switch back to the previous spec alone, and plans against it on the next pass', () => {
    const failing = v2({ failureAction: 'rollback' });
    const tasks = [
      task(1, { desiredState: 'shutdown', status: { state: 'shutdown' } }),
      fresh(1, { status: { state: 'failed', err: 'exit 1' } }),
      ...olds(2, 3),
    ];
    const p = plan(failing, tasks);
    expect(p).toEqual({
      create: [],
      shutdown: [],
      remove: [],
      service: expect.objectContaining({
        specVersion: 1,
        updateStatus: expect.objectContaining({ state: 'rollback_started' }),
      }),
    });
    const back = p.service!;
    const next = plan(
      { ...back, spec: { ...back.spec, restartPolicy: { ...back.spec.restartPolicy, delayMs: 5_000 } } },
      tasks,
    );
    // The failed task's successor runs the restored spec: it is not held back by the restart delay.
    expect(next.create).toEqual(at(1));
    expect(next.shutdown).toEqual([shut(tasks[1].id, 'restarting: task failed')]);
  });
});

describe('reconcileService: history', () => {
  const ended = (n: number): Task[] =>
    Array.from({ length: n }, (_, i) =>
      task(1, { id: `old${i}`, desiredState: 'shutdown', status: { state: 'shutdown' } }, i),
    );
  it.each([
    ['keeps up to the limit', service({ spec: { replicas: 1 } }), ended(TASK_HISTORY_PER_SLOT), []],
    [
      'forgets the oldest beyond it',
      service({ spec: { replicas: 1 } }),
      ended(TASK_HISTORY_PER_SLOT + 2),
      ['old0', 'old1'],
    ],
    [
      'keeps as many as max attempts when that is more',
      service({ spec: { replicas: 1, restartPolicy: { maxAttempts: 8 } } }),
      ended(9),
      ['old0'],
    ],
    [
      'prunes slots beyond the replicas too',
      service({ spec: { replicas: 0 } }),
      ended(TASK_HISTORY_PER_SLOT + 1),
      ['old0'],
    ],
  ] as [string, Service, Task[], string[]][])('%s', (_, svc, history, removed) => {
    expect(plan(svc, [...history, task(1, {}, 100)]).remove).toEqual(removed);
  });
});

describe('reconcileService: global', () => {
  const global = (constraints: string[] = []): Service =>
    service({ spec: { mode: 'global', placement: { constraints } } });
  const on = (nodeId: string, o: TaskOverrides = {}): Task => task(0, { id: `t-${nodeId}`, nodeId, ...o });
  it.each([
    [
      'creates a task on each ready, active node',
      global(),
      [],
      { ...none, create: ['a', 'b'].map((nodeId) => ({ slot: 0, nodeId, restartAt: NOW })) },
    ],
    [
      'honours the constraints',
      global(['node.id==b']),
      [],
      { ...none, create: [{ slot: 0, nodeId: 'b', restartAt: NOW }] },
    ],
    ['leaves a converged service alone', global(), [on('a'), on('b')], none],
    ['leaves the task of a down node: it has nowhere else to go', global(), [on('a'), on('b'), on('down')], none],
    ['leaves the task of a paused node', global(), [on('a'), on('b'), on('paused')], none],
    [
      'shuts down the task of a drained node',
      global(),
      [on('a'), on('b'), on('drained')],
      { ...none, shutdown: [{ taskId: 't-drained', reason: 'node is drained' }] },
    ],
    [
      'shuts down the task of a node that left',
      global(),
      [on('a'), on('b'), on('gone')],
      { ...none, shutdown: [{ taskId: 't-gone', reason: 'node left the cluster' }] },
    ],
    [
      'shuts down the task of a node that no longer satisfies the constraints',
      global(['node.id!=b']),
      [on('a'), on('b')],
      { ...none, shutdown: [{ taskId: 't-b', reason: 'node no longer satisfies the constraints' }] },
    ],
    [
      'restarts an ended task on its node',
      global(),
      [on('a', { status: { state: 'failed' } }), on('b')],
      {
        create: [{ slot: 0, nodeId: 'a', restartAt: NOW }],
        shutdown: [{ taskId: 't-a', reason: 'restarting: task failed' }],
        remove: [],
      },
    ],
  ] as [string, Service, Task[], ReconcilePlan][])('%s', (_, svc, tasks, expected) => {
    expect(plan(svc, tasks)).toEqual(expected);
  });
});

describe('reconcileService: a batch of new tasks', () => {
  const batched = (svc: Service, tasks: Task[], maxNewTasks: number, nodes = cluster) =>
    reconcileService({ service: svc, tasks, nodes, now: NOW, maxNewTasks });
  const created = (...slots: number[]) => slots.map((slot) => ({ slot, nodeId: '', restartAt: NOW }));
  it.each([
    [
      'fills the lowest empty slots up to the batch, then asks for more',
      service({ spec: { replicas: 5 } }),
      [],
      2,
      {
        ...none,
        create: created(1, 2),
        more: true,
      },
    ],
    [
      'a batch that fits leaves nothing for later',
      service({ spec: { replicas: 2 } }),
      [],
      2,
      {
        ...none,
        create: created(1, 2),
      },
    ],
    [
      'goes on past the slots already held',
      service({ spec: { replicas: 5 } }),
      [task(1), task(3)],
      2,
      {
        ...none,
        create: created(2, 4),
        more: true,
      },
    ],
    [
      'a billion replicas: one batch, without a walk over every slot',
      service({ spec: { replicas: 1e9 } }),
      [],
      3,
      {
        ...none,
        create: created(1, 2, 3),
        more: true,
      },
    ],
    [
      'a slot to replace past the batch is left whole, its old task not shut down',
      service({ spec: { replicas: 2 } }),
      [task(1, { id: 'ta', nodeId: 'down' }), task(2, { id: 'tb', nodeId: 'down' })],
      1,
      { ...none, create: created(1), shutdown: [{ taskId: 'ta', reason: 'node is down' }], more: true },
    ],
    [
      'scales down in full with a batch of none',
      service({ spec: { replicas: 1 } }),
      [task(1, { id: 't1' }), task(2, { id: 't2' })],
      0,
      { ...none, shutdown: [{ taskId: 't2', reason: 'scaled down' }] },
    ],
    [
      'global: one task per node up to the batch',
      service({ spec: { mode: 'global' } }),
      [],
      1,
      { ...none, create: [{ slot: 0, nodeId: 'a', restartAt: NOW }], more: true },
    ],
  ] as [string, Service, Task[], number, ReconcilePlan][])('%s', (_, svc, tasks, max, expected) => {
    expect(batched(svc, tasks, max)).toEqual(expected);
  });

  it('never creates more than the batch, and passes until none asks for more settle every slot', () => {
    fc.assert(
      fc.property(arbReplicated, arbTasks, fc.integer({ min: 1, max: 3 }), (svc, tasks, max) => {
        let now = tasks;
        for (let pass = 0; ; pass++) {
          const p = batched(svc, now, max);
          expect(p.create.length).toBeLessThanOrEqual(max);
          now = apply(svc, now, p, pass);
          if (!p.more) break;
        }
        for (let slot = 1; slot <= svc.spec.replicas; slot++)
          expect(now.filter((t) => t.slot === slot && t.desiredState === 'running').length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('reconcileRemovedService', () => {
  it.each([
    ['shuts down a task running on a ready node', { nodeId: 'a' }, 'shutdown'],
    ['waits for a task being stopped', { nodeId: 'a', desiredState: 'shutdown' }, 'nothing'],
    ['removes an ended task', { nodeId: 'a', status: { state: 'failed' } }, 'remove'],
    ['removes a task never placed', { nodeId: '', status: { state: 'pending' } }, 'remove'],
    ['removes a task on a down node', { nodeId: 'down' }, 'remove'],
    ['removes a task on a node that left', { nodeId: 'gone' }, 'remove'],
  ] as [string, TaskOverrides, string][])('%s', (_, o, action) => {
    const t = task(1, { id: 't', ...o });
    const expected: Record<string, ReconcilePlan> = {
      shutdown: { ...none, shutdown: [{ taskId: 't', reason: 'service removed' }] },
      remove: { ...none, remove: ['t'] },
      nothing: none,
    };
    expect(reconcileRemovedService([t], cluster)).toEqual(expected[action]);
  });
});

// ---------------------------------------------------------------- properties

/** The store after a plan: created tasks are new and unplaced (or on their global node). */
function apply(svc: Service, tasks: Task[], p: ReconcilePlan, pass = 0): Task[] {
  const shut = new Set(p.shutdown.map((s) => s.taskId));
  const removed = new Set(p.remove);
  const kept = tasks
    .filter((t) => !removed.has(t.id))
    .map((t) => (shut.has(t.id) ? { ...t, desiredState: 'shutdown' } : t));
  const created = p.create.map((c, i) =>
    task(
      c.slot,
      {
        id: `new${i}-${NOW}-${pass}`,
        nodeId: c.nodeId,
        specVersion: svc.specVersion,
        restartAt: c.restartAt,
        status: { state: 'new' },
      },
      NOW,
    ),
  );
  return [...kept, ...created];
}

const arbTask = (i: number) =>
  fc
    .record({
      slot: fc.integer({ min: 0, max: 7 }),
      nodeId: fc.constantFrom('', 'a', 'b', 'down', 'drained', 'paused', 'gone'),
      desiredState: fc.constantFrom('running', 'running', 'shutdown'),
      state: fc.constantFrom(
        'new',
        'pending',
        'assigned',
        'starting',
        'running',
        'running',
        'complete',
        'failed',
        'shutdown',
        'rejected',
      ),
      specVersion: fc.constantFrom(1, 2),
      age: fc.integer({ min: 0, max: 1000 }),
    })
    .map((t) =>
      task(
        t.slot,
        {
          id: `t${i}`,
          nodeId: t.nodeId,
          desiredState: t.desiredState,
          specVersion: t.specVersion,
          status: { state: t.state, timestamp: t.age },
        },
        t.age,
      ),
    );
const arbTasks = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbTask(i))));
const arbReplicated = fc
  .record({
    replicas: fc.integer({ min: 0, max: 6 }),
    condition: fc.constantFrom('any', 'on-failure', 'none'),
    maxAttempts: fc.constantFrom(0, 1, 3),
    parallelism: fc.constantFrom(0, 1, 2),
  })
  .map((s) =>
    service({
      specVersion: 2,
      spec: {
        replicas: s.replicas,
        restartPolicy: { condition: s.condition, maxAttempts: s.maxAttempts },
        updateConfig: { parallelism: s.parallelism },
      },
    }),
  );

describe('reconcileService: properties', () => {
  it(
    'after a plan, every slot up to the replicas holds exactly one task wanted running, ' +
      'and no more live tasks than replicas',
    () => {
      fc.assert(
        fc.property(arbReplicated, arbTasks, (svc, tasks) => {
          const after = apply(svc, tasks, plan(svc, tasks));
          // A running task on a drained node may serve beside its slot's replacement until that one runs.
          const live = after.filter((t) => isLive(t) && t.nodeId !== 'drained');
          expect(live.length).toBeLessThanOrEqual(svc.spec.replicas);
          for (const t of after.filter((t) => isLive(t) && t.nodeId === 'drained')) {
            expect(t.status.state).toBe('running');
            expect(
              after.filter((o) => o.slot === t.slot && o !== t && o.desiredState === 'running').length,
            ).toBeGreaterThan(0);
          }
          for (let slot = 1; slot <= svc.spec.replicas; slot++) {
            expect(
              after.filter(
                (t) => t.slot === slot && t.desiredState === 'running' && !(isLive(t) && t.nodeId === 'drained'),
              ),
            ).toHaveLength(1);
          }
          expect(after.filter((t) => (t.slot < 1 || t.slot > svc.spec.replicas) && isLive(t))).toEqual([]);
          expect(after.filter((t) => isLive(t) && ['down', 'gone'].includes(t.nodeId))).toEqual([]);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('a plan names each task at most once, and only tasks of the service', () => {
    fc.assert(
      fc.property(arbReplicated, arbTasks, (svc, tasks) => {
        const p = plan(svc, tasks);
        const named = [...p.shutdown.map((s) => s.taskId), ...p.remove];
        expect(new Set(named).size).toBe(named.length);
        const ids = new Set(tasks.map((t) => t.id));
        for (const id of named) expect(ids.has(id)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('with nothing to update, a second pass over the applied plan has nothing to do', () => {
    fc.assert(
      fc.property(arbReplicated, arbTasks, (svc, tasks) => {
        const current = tasks.map((t) => ({ ...t, specVersion: svc.specVersion }));
        const after = apply(svc, current, plan(svc, current));
        const again = plan(svc, after);
        expect(again.create).toEqual([]);
        expect(again.shutdown).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it(
    'global: after a plan, each eligible node holds exactly one task wanted running, ' +
      'and no other node a live one but a down or paused node',
    () => {
      const svc = service({ spec: { mode: 'global' } });
      fc.assert(
        fc.property(arbTasks, (tasks) => {
          const after = apply(svc, tasks, plan(svc, tasks));
          for (const nodeId of ['a', 'b'])
            expect(after.filter((t) => t.nodeId === nodeId && t.desiredState === 'running')).toHaveLength(1);
          expect(after.filter((t) => isLive(t) && !['a', 'b', 'down', 'paused'].includes(t.nodeId))).toEqual([]);
        }),
        { numRuns: 200 },
      );
    },
  );
});
