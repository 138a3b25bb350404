import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcileService } from '../../../../manager/orchestrator/reconcile';
import { planRollingUpdate, type UpdateSlot, type UpdateStep } from '../../../../manager/orchestrator/update';
import { isLive } from '../../../../domain/task-state';
import type { Node, Service, Task, UpdateConfig, UpdateStatus } from '../../../../proto/types';
import { makeNode, makeService, makeSpec, makeTask, type TaskOverrides } from '../../../fakes/builders';

const NOW = 10_000;
const STARTED = 1_000;

const status = (state: string, message = 'update in progress'): UpdateStatus => ({
  state,
  message,
  startedAt: STARTED,
  completedAt: 0,
});

/** Service "web" at spec version 2, rolled out from version 1 with `config` (monitor and delay 0 unless given). */
function svc(
  config: Partial<UpdateConfig> = {},
  o: { state?: string; previous?: boolean; replicas?: number; rollback?: Partial<UpdateConfig> } = {},
): Service {
  const replicas = o.replicas ?? 3;
  return makeService({
    id: 's',
    specVersion: 2,
    previousSpec: o.previous === false ? null : makeSpec({ replicas, container: { image: 'web:1' } }),
    previousSpecVersion: o.previous === false ? 0 : 1,
    updateStatus: o.state === '' ? null : status(o.state ?? 'updating'),
    spec: {
      replicas,
      container: { image: 'web:2' },
      updateConfig: { monitorMs: 0, delayMs: 0, failureAction: 'pause', ...config },
      rollbackConfig: { monitorMs: 0, parallelism: 2, ...o.rollback },
    },
  });
}

/** The old spec's running task of a slot, "o<slot>". */
const old = (slot: number, o: TaskOverrides = {}): Task =>
  makeTask({
    id: `o${slot}`,
    serviceId: 's',
    slot,
    nodeId: 'a',
    specVersion: 1,
    status: { state: 'running', timestamp: 0 },
    meta: { version: 1, createdAt: 0, updatedAt: 0 },
    ...o,
  });
/** A task the update created in a slot, "n<slot>", in `state` since `at`. */
const fresh = (slot: number, state = 'running', at = STARTED + 100, o: TaskOverrides = {}): Task =>
  makeTask({
    id: `n${slot}`,
    serviceId: 's',
    slot,
    nodeId: 'a',
    specVersion: 2,
    status: { state, timestamp: at },
    meta: { version: 1, createdAt: STARTED + 10, updatedAt: 0 },
    ...o,
  });

/**
 * A slot held by `holder`, with `others` as its history (and an outgoing task when given, `moving`
 * off its node or not).
 */
function slot(
  holder: Task | null,
  o: { outgoing?: Task; moving?: boolean; history?: Task[]; slot?: number; nodeId?: string } = {},
): UpdateSlot {
  const n = o.slot ?? holder?.slot ?? 0;
  return {
    slot: n,
    nodeId: o.nodeId ?? '',
    holder,
    outgoing: o.outgoing ?? null,
    moving: o.moving ?? false,
    tasks: [holder, o.outgoing, ...(o.history ?? [])].filter((t): t is Task => t != null),
  };
}

const stopped = (t: Task): Task => ({ ...t, desiredState: 'shutdown', status: { ...t.status, state: 'shutdown' } });

interface Outcome {
  create?: number[];
  shutdown?: string[];
  state?: string;
  wakeAt?: number;
  follow?: boolean;
}

function outcome(step: UpdateStep): Outcome {
  return {
    create: step.create.map((c) => c.slot || Number(c.nodeId.slice(1))),
    shutdown: step.shutdown.map((s) => s.taskId),
    state: step.service?.updateStatus?.state,
    wakeAt: step.wakeAt,
    follow: step.followProgress,
  };
}

/** A step at NOW, by a loop that started watching at `since` and saw the `seen` tasks running. */
const step = (service: Service, slots: UpdateSlot[], seen: [string, number][] = [], since = 0): UpdateStep =>
  planRollingUpdate({ service, slots, seenRunningAt: new Map(seen), watchingSince: since, now: NOW });

const nothing: Outcome = { create: [], shutdown: [], state: undefined, wakeAt: undefined, follow: false };
const allOld = () => [slot(old(1)), slot(old(2)), slot(old(3))];

describe('planRollingUpdate', () => {
  it.each([
    ['does nothing without an update', svc({}, { state: '' }), allOld(), nothing],
    ['does nothing while paused', svc({}, { state: 'paused' }), allOld(), nothing],
    [
      'does nothing once completed with every slot tried',
      svc({}, { state: 'completed' }),
      [slot(fresh(1)), slot(old(2), { history: [fresh(2, 'failed', STARTED + 100, { id: 'n2' })] })],
      nothing,
    ],
    [
      'once completed, replaces a slot it never reached (a global node down or paused throughout), per parallelism',
      svc({ parallelism: 1 }, { state: 'completed' }),
      [
        slot(fresh(0, 'running', STARTED + 100, { id: 'g1', nodeId: 'n1' }), { nodeId: 'n1' }),
        slot(old(0, { id: 'og2', nodeId: 'n2' }), { nodeId: 'n2' }),
        slot(old(0, { id: 'og3', nodeId: 'n3' }), { nodeId: 'n3' }),
      ],
      { ...nothing, create: [2], shutdown: ['og2'], follow: true },
    ],
    [
      "once completed, counts no failure: a failed task is the restart policy's",
      svc({ failureAction: 'rollback' }, { state: 'completed' }),
      [slot(fresh(1, 'failed')), slot(old(2))],
      { ...nothing, create: [2], shutdown: ['o2'], follow: true },
    ],
    [
      'once rolled back, replaces a slot it never reached',
      svc({}, { state: 'rollback_completed', rollback: { order: 'start-first' } }),
      [slot(fresh(1)), slot(old(2))],
      { ...nothing, create: [2], follow: true },
    ],
    [
      'stop-first: shuts down and replaces the lowest slot first',
      svc({ parallelism: 1 }),
      [slot(old(2)), slot(old(1)), slot(old(3))],
      { ...nothing, create: [1], shutdown: ['o1'], follow: true },
    ],
    [
      'stop-first: a batch is parallelism slots',
      svc({ parallelism: 2 }),
      allOld(),
      { ...nothing, create: [1, 2], shutdown: ['o1', 'o2'], follow: true },
    ],
    [
      'parallelism 0 updates every slot at once',
      svc({ parallelism: 0 }),
      allOld(),
      { ...nothing, create: [1, 2, 3], shutdown: ['o1', 'o2', 'o3'], follow: true },
    ],
    [
      'start-first: creates first and keeps the old tasks',
      svc({ parallelism: 2, order: 'start-first' }),
      allOld(),
      { ...nothing, create: [1, 2], follow: true },
    ],
    [
      'waits while a task of the batch is not running',
      svc(),
      [slot(fresh(1, 'starting'), { history: [stopped(old(1))] }), slot(old(2)), slot(old(3))],
      { ...nothing, follow: true },
    ],
    [
      'waits while a slot is being filled',
      svc(),
      [slot(null), slot(old(2)), slot(old(3))],
      { ...nothing, follow: true },
    ],
    [
      'goes on once the batch runs',
      svc(),
      [slot(fresh(1)), slot(old(2)), slot(old(3))],
      { ...nothing, create: [2], shutdown: ['o2'], follow: true },
    ],
    [
      'waits `delay` after the last task of the batch started',
      svc({ delayMs: 5_000 }),
      [slot(fresh(1, 'running', 9_000)), slot(old(2)), slot(old(3))],
      { ...nothing, wakeAt: 14_000 },
    ],
    [
      'goes on once the delay has passed',
      svc({ delayMs: 5_000 }),
      [slot(fresh(1, 'running', 4_000)), slot(old(2)), slot(old(3))],
      { ...nothing, create: [2], shutdown: ['o2'], follow: true },
    ],
    [
      'start-first: the old task keeps serving while the new one starts',
      svc({ order: 'start-first' }),
      [slot(fresh(1, 'starting'), { outgoing: old(1) }), slot(old(2)), slot(old(3))],
      { ...nothing, follow: true },
    ],
    [
      'start-first: the old task leaves once the new one runs',
      svc({ order: 'start-first' }),
      [slot(fresh(1), { outgoing: old(1) }), slot(old(2)), slot(old(3))],
      { ...nothing, shutdown: ['o1'], follow: true },
    ],
    [
      'an outgoing task leaves at once when the order is stop-first',
      svc({ order: 'stop-first' }, { state: 'paused' }),
      [slot(fresh(1, 'starting'), { outgoing: old(1) })],
      { ...nothing, shutdown: ['o1'] },
    ],
    [
      'an outgoing task leaves at once when the order is stop-first, even while its successor is being created',
      svc({ order: 'stop-first' }, { state: 'paused' }),
      [slot(null, { slot: 1, outgoing: old(1) })],
      { ...nothing, shutdown: ['o1'] },
    ],
    [
      'watches the last tasks for `monitor` before completing',
      svc({ monitorMs: 5_000 }),
      [slot(fresh(1, 'running', 6_000)), slot(fresh(2)), slot(fresh(3))],
      { ...nothing, wakeAt: 11_000 },
    ],
    [
      'completes once every slot runs the new spec and the monitor has passed',
      svc({ monitorMs: 5_000 }),
      [slot(fresh(1)), slot(fresh(2)), slot(fresh(3))],
      { ...nothing, state: 'completed' },
    ],
    [
      'completes at once when there is nothing to replace',
      svc({}, { replicas: 0 }),
      [],
      { ...nothing, state: 'completed' },
    ],
    [
      'pauses on a failure with failure_action pause',
      svc({ failureAction: 'pause' }),
      [slot(fresh(1, 'failed')), slot(old(2)), slot(old(3))],
      { ...nothing, state: 'paused' },
    ],
    [
      'rolls back on a failure with failure_action rollback',
      svc({ failureAction: 'rollback' }),
      [slot(fresh(1, 'rejected')), slot(old(2)), slot(old(3))],
      { ...nothing, state: 'rollback_started' },
    ],
    [
      'pauses when there is no previous spec to roll back to',
      svc({ failureAction: 'rollback' }, { previous: false }),
      [slot(fresh(1, 'failed'))],
      { ...nothing, state: 'paused' },
    ],
    [
      'a rollback that fails pauses, and is never rolled back',
      svc({}, { state: 'rollback_started', rollback: { failureAction: 'rollback' } }),
      [slot(fresh(1, 'failed'))],
      { ...nothing, state: 'rollback_paused' },
    ],
    [
      'tolerates failures up to max_failure_ratio',
      svc({ maxFailureRatio: 0.5, parallelism: 2 }),
      [slot(fresh(1, 'failed')), slot(fresh(2)), slot(old(3))],
      { ...nothing, create: [3], shutdown: ['o3'], follow: true },
    ],
    [
      'max_failure_ratio is over every slot to update, not the tasks created so far (1 of 10 is within 0.2)',
      svc({ maxFailureRatio: 0.2 }, { replicas: 10 }),
      [slot(fresh(1, 'failed')), ...Array.from({ length: 9 }, (_, i) => slot(old(i + 2)))],
      { ...nothing, create: [2], shutdown: ['o2'], follow: true },
    ],
    [
      'max_failure_ratio: acts once failures over the slots to update exceed it (2 of 5 above 0.2)',
      svc({ maxFailureRatio: 0.2 }, { replicas: 5 }),
      [
        slot(fresh(1, 'failed')),
        slot(fresh(2, 'failed', STARTED + 100, { id: 'n2' })),
        ...[3, 4, 5].map((n) => slot(old(n))),
      ],
      { ...nothing, state: 'paused' },
    ],
    [
      'max_failure_ratio: a slot already on the spec when the rollback started is not one to update (1 of 2 above 0.4)',
      svc({}, { state: 'rollback_started', rollback: { maxFailureRatio: 0.4, failureAction: 'pause' } }),
      [
        slot(fresh(1, 'failed')),
        slot(fresh(2)),
        slot(fresh(3, 'running', 0, { meta: { version: 1, createdAt: 0, updatedAt: 0 } })),
      ],
      { ...nothing, state: 'rollback_paused' },
    ],
    [
      'continue: moves on past a failed slot',
      svc({ failureAction: 'continue', order: 'start-first' }),
      [slot(old(1), { history: [fresh(1, 'failed')] }), slot(old(2)), slot(old(3))],
      { ...nothing, create: [2], follow: true },
    ],
    [
      'an end after the monitor is no failure of the update',
      svc({ monitorMs: 1_000 }),
      [slot(fresh(1, 'failed', 5_000)), slot(old(2)), slot(old(3))],
      { ...nothing, create: [2], shutdown: ['o2'], follow: true },
    ],
    [
      'a failure of the old spec is no failure of the update',
      svc(),
      [slot(old(1, { status: { state: 'failed' } })), slot(old(2)), slot(old(3))],
      { ...nothing, create: [1], shutdown: ['o1'], follow: true },
    ],
    [
      'a rollback goes per rollback_config and completes as rollback_completed',
      svc({}, { state: 'rollback_started' }),
      [slot(fresh(1)), slot(fresh(2)), slot(fresh(3))],
      { ...nothing, state: 'rollback_completed' },
    ],
    [
      'drain: a slot moving off its node waits for its replacement of the update',
      svc(),
      [slot(fresh(1, 'starting'), { outgoing: old(1), moving: true }), slot(old(2))],
      { ...nothing, follow: true },
    ],
    [
      "drain: the update replaces a moving slot's replacement of the old spec that waits for a node",
      svc(),
      [
        slot(old(1, { id: 'r1', nodeId: '', status: { state: 'pending' } }), { outgoing: old(1), moving: true }),
        slot(old(2)),
      ],
      { ...nothing, create: [1], shutdown: ['r1'], follow: true },
    ],
    [
      "drain: the update replaces a moving slot's replacement of the old spec that ended for good",
      svc(),
      [slot(old(1, { id: 'r1', status: { state: 'rejected' } }), { outgoing: old(1), moving: true }), slot(old(2))],
      { ...nothing, create: [1], shutdown: ['r1'], follow: true },
    ],
    [
      'global: replaces node by node in node order',
      svc({ parallelism: 1 }),
      [
        slot(old(0, { id: 'og2', nodeId: 'n2' }), { nodeId: 'n2' }),
        slot(old(0, { id: 'og1', nodeId: 'n1' }), { nodeId: 'n1' }),
      ],
      { ...nothing, create: [1], shutdown: ['og1'], follow: true },
    ],
  ] as [string, Service, UpdateSlot[], Outcome][])('%s', (_, service, slots, want) => {
    // "an end after the monitor": seen running at 2 000, ended at 5 000, monitor 1 000.
    expect(outcome(step(service, slots, [['n1', 2_000]]))).toEqual(want);
  });

  // n1 of the update ends at `end` in `state`, monitor 1 000; the loop started at `since` and saw
  // n1 start at `ran` (or not).
  it.each([
    ['an end within the monitor of the start', 'failed', 2_500, 2_000, 0, 'paused'],
    ['an end past the monitor', 'complete', 5_000, 2_000, 0, undefined],
    ['an end the loop saw, whose start it missed (a quick crash)', 'failed', 5_000, undefined, 0, 'paused'],
    [
      'after a manager restart: an end from before the loop started, whose start is unknown, is not counted',
      'complete',
      5_000,
      undefined,
      6_000,
      undefined,
    ],
    [
      'after a manager restart: an end after the loop started, whose start it missed, counts',
      'failed',
      7_000,
      undefined,
      6_000,
      'paused',
    ],
    ['a task the manager stopped', 'shutdown', 2_500, 2_000, 0, undefined],
  ] as [string, string, number, number | undefined, number, string | undefined][])(
    'failure: %s',
    (_, state, end, ran, since, want) => {
      const seen: [string, number][] = ran === undefined ? [] : [['n1', ran]];
      const got = step(svc({ monitorMs: 1_000 }), [slot(fresh(1, state, end)), slot(old(2))], seen, since);
      expect(got.service?.updateStatus?.state).toBe(want);
    },
  );

  it(
    'names the failed task in the status, ' + 'and a rollback swaps the spec and its version with the previous ones',
    () => {
      const service = svc({ failureAction: 'rollback' });
      const next = step(service, [
        slot(
          fresh(1, 'failed', 9_000, { status: { state: 'failed', err: 'task: non-zero exit (1)', timestamp: 9_000 } }),
        ),
        slot(old(2)),
      ]).service!;
      expect(next.updateStatus).toEqual({
        state: 'rollback_started',
        message: 'task web.1 failed: task: non-zero exit (1)',
        startedAt: NOW,
        completedAt: 0,
      });
      expect(next).toMatchObject({
        specVersion: 1,
        previousSpecVersion: 2,
        spec: { container: { image: 'web:1' } },
        previousSpec: { container: { image: 'web:2' } },
      });
      const done = step(
        { ...next, spec: { ...next.spec, rollbackConfig: { ...next.spec.rollbackConfig, monitorMs: 0 } } },
        [],
      ).service!;
      expect(done.updateStatus).toEqual({
        state: 'rollback_completed',
        message: 'task web.1 failed: task: non-zero exit (1)',
        startedAt: NOW,
        completedAt: NOW,
      });
    },
  );
});

describe('planRollingUpdate: through the reconcile', () => {
  // Spec 2 rolls out over spec 1; the reconcile settles the slots first (restart policy, drains, rebalance moves).
  const v2 = (config: Partial<UpdateConfig>, o: { replicas?: number; restart?: string } = {}): Service => {
    const base = svc({ monitorMs: 1_000, parallelism: 1, ...config }, { replicas: o.replicas ?? 3 });
    return {
      ...base,
      spec: { ...base.spec, restartPolicy: { ...base.spec.restartPolicy, delayMs: 0, condition: o.restart ?? 'any' } },
    };
  };
  const a = [makeNode({ id: 'a' })];
  const drained = [makeNode({ id: 'x', availability: 'drain' }), makeNode({ id: 'y' })];
  const at = (ms: number) => ({ version: 1, createdAt: ms, updatedAt: ms });
  // At 60 000, slot 1 was updated: n1 ran from 1 100 for 30 s and exited 0; its restart n1b runs.
  // The next batch waits for the delay.
  const restarted = [
    fresh(1, 'complete', 31_100, { desiredState: 'shutdown' }),
    fresh(1, 'running', 31_200, { id: 'n1b', meta: at(31_150) }),
    old(2),
    old(3),
  ];
  it.each([
    [
      'a task of the update that ran past the monitor, ended before a manager restart, is no failure after it',
      v2({ delayMs: 60_000, failureAction: 'rollback' }),
      restarted,
      a,
      60_000,
      { create: [], state: undefined },
    ],
    [
      'the same end, while the loop watched it start, is no failure either',
      v2({ delayMs: 60_000, failureAction: 'rollback' }),
      restarted,
      a,
      0,
      { create: [], state: undefined },
      [['n1', 1_100]],
    ],
    [
      'drain: a replacement of the old spec that was rejected and not restarted does not stall the update',
      v2({}, { replicas: 1, restart: 'none' }),
      [
        old(1, { nodeId: 'x' }),
        old(1, { id: 'r1', nodeId: 'y', status: { state: 'rejected', timestamp: 500 }, meta: at(400) }),
      ],
      drained,
      0,
      { create: [1], state: undefined },
    ],
    [
      'drain: a replacement of the old spec waiting for capacity does not stall the update',
      v2({}, { replicas: 1 }),
      [
        old(1, { nodeId: 'x' }),
        old(1, {
          id: 'r1',
          nodeId: '',
          status: { state: 'pending', message: 'no suitable node: 1 node lacks memory', timestamp: 500 },
          meta: at(400),
        }),
      ],
      drained,
      0,
      { create: [1], state: undefined },
    ],
    [
      'a rebalance move whose target was drained does not stall the update',
      v2({}),
      [
        old(1),
        old(2),
        old(3),
        old(3, { id: 'm3', nodeId: '', targetNodeId: 'x', status: { state: 'pending' }, meta: at(5) }),
      ],
      [makeNode({ id: 'a' }), makeNode({ id: 'x', availability: 'drain' })],
      0,
      { create: [1], state: undefined },
    ],
    [
      'a rebalance move waiting for room on its target does not stall the update',
      v2({}),
      [
        old(1),
        old(2),
        old(3),
        old(3, { id: 'm3', nodeId: '', targetNodeId: 'b', status: { state: 'pending' }, meta: at(5) }),
      ],
      [makeNode({ id: 'a' }), makeNode({ id: 'b' })],
      0,
      { create: [1], state: undefined },
    ],
  ] as [string, Service, Task[], Node[], number, { create: number[]; state?: string }, [string, number][]?][])(
    '%s',
    (_, service, tasks, nodes, since, want, seen = []) => {
      const p = reconcileService({
        service,
        tasks,
        nodes,
        now: 60_000,
        seenRunningAt: new Map(seen),
        watchingSince: since,
      });
      expect({ create: p.create.map((c) => c.slot), state: p.service?.updateStatus?.state }).toEqual(want);
    },
  );
});

describe('planRollingUpdate: a start-first try that ended while the old task served', () => {
  // Slot 1 ran o1 (spec 1); the update started n1 (spec 2) beside it, which failed before it ran; slot 2 still runs o2.
  const v2 = (config: Partial<UpdateConfig>, restart: { condition?: string; delayMs?: number } = {}): Service => {
    const base = svc({ order: 'start-first', monitorMs: 1_000, parallelism: 1, ...config }, { replicas: 2 });
    return {
      ...base,
      spec: {
        ...base.spec,
        restartPolicy: { ...base.spec.restartPolicy, condition: 'any', delayMs: 5_000, ...restart },
      },
    };
  };
  const tried = [old(1), fresh(1, 'failed', STARTED + 200), old(2)];
  it.each([
    [
      'continue: restarted per the restart policy, the old task serving, while the update moves on',
      v2({ failureAction: 'continue' }),
      {
        create: [
          [1, NOW + 5_000],
          [2, NOW],
        ],
        shutdown: ['n1'],
        state: undefined,
        follow: true,
      },
    ],
    [
      'within max_failure_ratio: restarted, and the update waits for it',
      v2({ failureAction: 'pause', maxFailureRatio: 0.5 }),
      { create: [[1, NOW + 5_000]], shutdown: ['n1'], state: undefined, follow: true },
    ],
    [
      'restart condition none: the old task keeps the slot, which the update does not try again',
      v2({ failureAction: 'continue' }, { condition: 'none' }),
      { create: [[2, NOW]], shutdown: ['n1'], state: undefined, follow: true },
    ],
  ] as [string, Service, { create: [number, number][]; shutdown: string[]; state?: string; follow: boolean }][])(
    '%s',
    (_, service, want) => {
      const p = reconcileService({ service, tasks: tried, nodes: [makeNode({ id: 'a' })], now: NOW });
      expect({
        create: p.create.map((c) => [c.slot, c.restartAt]),
        shutdown: p.shutdown.map((s) => s.taskId),
        state: p.service?.updateStatus?.state,
        follow: p.followProgress ?? false,
      }).toEqual(want);
    },
  );

  it(
    'continue: once the restarted task runs, ' +
      'the old one leaves and the update completes with the slot on the new spec',
    () => {
      const service = v2({ failureAction: 'continue' });
      const restarted = fresh(1, 'running', NOW - 2_000, {
        id: 'n1b',
        meta: { version: 1, createdAt: NOW - 5_000, updatedAt: 0 },
      });
      const n2 = fresh(2, 'running', NOW - 3_000, { id: 'n2' });
      const tasks = [old(1), fresh(1, 'failed', STARTED + 200, { desiredState: 'shutdown' }), restarted, n2];
      const p = reconcileService({ service, tasks, nodes: [makeNode({ id: 'a' })], now: NOW });
      expect({ shutdown: p.shutdown.map((s) => s.taskId), state: p.service?.updateStatus?.state }).toEqual({
        shutdown: ['o1'],
        state: 'completed',
      });
    },
  );
});

describe("planRollingUpdate: a global service's node down or paused throughout the update", () => {
  // The update completed: na on node a runs spec 2; op on node p still runs spec 1.
  const done = (order: string): Service => ({
    ...svc({ order }, { state: 'completed' }),
    spec: { ...svc({ order }).spec, mode: 'global' },
  });
  const tasks = [fresh(0, 'running', STARTED + 100, { id: 'na', nodeId: 'a' }), old(0, { id: 'op', nodeId: 'p' })];
  it.each([
    [
      'while paused, its task keeps serving the old spec',
      'stop-first',
      { availability: 'pause' },
      { create: [], shutdown: [] },
    ],
    ['while down, its task is left alone', 'stop-first', { status: 'down' }, { create: [], shutdown: [] }],
    ['once ready and active, its task is replaced', 'stop-first', {}, { create: ['p'], shutdown: ['op'] }],
    [
      'once ready and active, start-first: the new task starts beside the old one',
      'start-first',
      {},
      { create: ['p'], shutdown: [] },
    ],
  ] as [string, string, Partial<Node>, { create: string[]; shutdown: string[] }][])('%s', (_, order, p, want) => {
    const plan = reconcileService({
      service: done(order),
      tasks,
      nodes: [makeNode({ id: 'a' }), makeNode({ id: 'p', ...p })],
      now: NOW,
    });
    expect({ create: plan.create.map((c) => c.nodeId), shutdown: plan.shutdown.map((s) => s.taskId) }).toEqual(want);
    expect(plan.service).toBeUndefined();
  });
});

// ---------------------------------------------------------------- properties: a simulated rollout

interface Sim {
  service: Service;
  tasks: Task[];
  now: number;
}

const node = makeNode({ id: 'a' });

/**
 * Applies a reconcile plan as the store would: new tasks wait for a node, shut down tasks keep running until stopped.
 */
function applyPlan(sim: Sim): void {
  const p = reconcileService({ service: sim.service, tasks: sim.tasks, nodes: [node], now: sim.now });
  const shut = new Set(p.shutdown.map((s) => s.taskId));
  const removed = new Set(p.remove);
  sim.tasks = sim.tasks
    .filter((t) => !removed.has(t.id))
    .map((t) => (shut.has(t.id) ? { ...t, desiredState: 'shutdown' } : t));
  for (const c of p.create) {
    sim.tasks.push(
      makeTask({
        serviceId: 's',
        slot: c.slot,
        nodeId: 'a',
        specVersion: sim.service.specVersion,
        status: { state: 'pending', timestamp: sim.now },
        meta: { version: 1, createdAt: sim.now, updatedAt: sim.now },
      }),
    );
  }
  if (p.service) sim.service = p.service;
}

/** Every live task runs and every stopped one has ended. */
function settle(sim: Sim): void {
  for (const t of sim.tasks) {
    const state = isLive(t) ? 'running' : t.desiredState === 'running' ? t.status.state : 'shutdown';
    if (state !== t.status.state) t.status = { ...t.status, state, timestamp: sim.now };
  }
}

/** One thing happens: a task starts running, a stopped task ends, or time passes. */
type Event = { kind: 'start' | 'stop'; pick: number } | { kind: 'time'; ms: number };
const arbEvent: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ kind: fc.constant('start' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('stop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 1, max: 3_000 }) }),
);

function happen(sim: Sim, e: Event): void {
  if (e.kind === 'time') {
    sim.now += e.ms;
    return;
  }
  const candidates = sim.tasks.filter((t) =>
    e.kind === 'start'
      ? isLive(t) && t.status.state !== 'running'
      : t.desiredState !== 'running' && t.status.state !== 'shutdown',
  );
  const t = candidates[e.pick % Math.max(1, candidates.length)];
  if (t)
    Object.assign(t, {
      status: { ...t.status, state: e.kind === 'start' ? 'running' : 'shutdown', timestamp: sim.now },
    });
}

const arbRollout = fc.record({
  replicas: fc.integer({ min: 1, max: 6 }),
  parallelism: fc.integer({ min: 0, max: 3 }),
  order: fc.constantFrom('stop-first', 'start-first'),
  delayMs: fc.constantFrom(0, 1_000),
  monitorMs: fc.constantFrom(0, 2_000),
  events: fc.array(arbEvent, { maxLength: 60 }),
});

function startRollout(r: {
  replicas: number;
  parallelism: number;
  order: string;
  delayMs: number;
  monitorMs: number;
}): Sim {
  const config = { parallelism: r.parallelism, order: r.order, delayMs: r.delayMs, monitorMs: r.monitorMs };
  const service = makeService({
    id: 's',
    specVersion: 2,
    updateStatus: status('updating'),
    spec: { replicas: r.replicas, updateConfig: config, restartPolicy: { delayMs: 0 } },
  });
  const tasks = Array.from({ length: r.replicas }, (_, i) => old(i + 1));
  return { service, tasks, now: STARTED };
}

const running = (sim: Sim) =>
  sim.tasks.filter((t) => t.desiredState === 'running' && t.status.state === 'running').length;

describe('planRollingUpdate: properties', () => {
  it(
    'never fewer than replicas - parallelism tasks running during a stop-first update; ' +
      'never more than replicas + parallelism live during start-first',
    () => {
      fc.assert(
        fc.property(arbRollout, (r) => {
          const sim = startRollout(r);
          const batch = r.parallelism === 0 ? r.replicas : r.parallelism;
          for (const e of r.events) {
            applyPlan(sim);
            if (r.order === 'stop-first') expect(running(sim)).toBeGreaterThanOrEqual(r.replicas - batch);
            else expect(sim.tasks.filter(isLive).length).toBeLessThanOrEqual(r.replicas + batch);
            happen(sim, e);
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  it('when every task starts and time passes, the update completes with every slot on the new spec', () => {
    fc.assert(
      fc.property(arbRollout, (r) => {
        const sim = startRollout(r);
        for (const e of r.events) {
          applyPlan(sim);
          happen(sim, e);
        }
        for (let round = 0; round < 3 * r.replicas + 5 && sim.service.updateStatus?.state !== 'completed'; round++) {
          applyPlan(sim);
          settle(sim);
          sim.now += r.delayMs + r.monitorMs + 1;
        }
        expect(sim.service.updateStatus?.state).toBe('completed');
        const live = sim.tasks.filter(isLive);
        expect(live.map((t) => t.specVersion)).toEqual(Array(r.replicas).fill(2));
        expect(new Set(live.map((t) => t.slot)).size).toBe(r.replicas);
      }),
      { numRuns: 200 },
    );
  });
});
