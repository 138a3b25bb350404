// The status writer against a memory store, on a fake clock: reports of one flush window go out in
// one write and are acknowledged only once it is visible; stale ones are settled without a write; a
// conflict is judged again after the newer write is seen; one that keeps losing is dropped in time.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONFLICT_CATCH_UP_MS,
  MAX_CONFLICT_RETRIES,
  STATUS_FLUSH_MS,
  StatusWriter,
} from '../../../../manager/dispatcher/status-writer';
import type { StatusReport } from '../../../../manager/dispatcher/status-updates';
import { ClusterState } from '../../../../manager/state/cluster-state';
import type { Store, WriteOp } from '../../../../manager/store/store';
import { ConflictError, UnavailableError } from '../../../../proto/errors';
import type { Task, TaskState } from '../../../../proto/types';
import { makeNode, makeTask } from '../../../fakes/builders';
import { FakeClock } from '../../../fakes/fake-clock';
import { MemoryStore } from '../../../fakes/memory-store';

let stopAll: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopAll?.();
  stopAll = undefined;
});

const put = <T extends { id: string }>(kind: WriteOp['kind'], value: T, expectVersion = 0): WriteOp =>
  ({ op: 'put', kind, id: value.id, value, expectVersion }) as WriteOp;
const task = (id: string, slot = 1): Task =>
  makeTask({ id, slot, nodeId: 'a', status: { state: 'assigned', timestamp: 1 } });
const report = (taskId: string, state: TaskState, timestamp = 0): StatusReport => ({
  taskId,
  status: { state, message: state, err: '', timestamp, containerId: `c-${taskId}`, exitCode: 0 },
});

/**
 * A writer on a memory store holding node `a` and `tasks` on it. It writes through a store that
 * records its commits (the task ids of each) and lets a test step in before each (`beforeCommit`).
 */
async function setup(tasks: Task[] = [task('t1'), task('t2', 2)]) {
  const clock = new FakeClock();
  const store = new MemoryStore();
  await store.commit([
    put('nodes', makeNode({ id: 'a' })),
    put('nodes', makeNode({ id: 'b' })),
    ...tasks.map((t) => put('tasks', t)),
  ]);
  const state = new ClusterState(store);
  await state.start();
  stopAll = () => state.stop();
  const commits: string[][] = [];
  const hooks: { beforeCommit: (ops: readonly WriteOp[]) => Promise<void> } = { beforeCommit: async () => undefined };
  const writerStore: Store = {
    load: () => store.load(),
    watch: (after, onEvents) => store.watch(after, onEvents),
    close: () => store.close(),
    async commit(ops) {
      commits.push(ops.map((op) => op.id));
      await hooks.beforeCommit(ops);
      return store.commit(ops);
    },
  };
  const warnings: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
  const writer = new StatusWriter(writerStore, state, logger, () => clock.now(), clock);
  /** Submits, and tells whether (and how) the submit has settled so far. */
  const submit = (nodeId: string, reports: StatusReport[]) => {
    const outcome: { settled?: 'resolved' | 'rejected'; err?: unknown } = {};
    void writer.submit(nodeId, reports).then(
      () => (outcome.settled = 'resolved'),
      (err: unknown) => Object.assign(outcome, { settled: 'rejected', err }),
    );
    return outcome;
  };
  return {
    clock,
    store,
    state,
    writer,
    commits,
    hooks,
    warnings,
    submit,
    get: (id: string) => state.get('tasks', id)!,
  };
}

describe('StatusWriter', () => {
  it(
    'writes the reports of one flush window in one commit, ' + 'and acknowledges them once the write is visible',
    async () => {
      const s = await setup();
      const seenAtAck: string[] = [];
      void s.writer.submit('a', [report('t1', 'running')]).then(() => seenAtAck.push(s.get('t1').status.state));
      expect(s.clock.pending()).toEqual([STATUS_FLUSH_MS]);
      await s.clock.advance(5);
      const second = s.submit('a', [report('t2', 'starting')]);
      expect(s.clock.pending()).toEqual([STATUS_FLUSH_MS - 5]);

      await s.clock.advance(STATUS_FLUSH_MS - 5 - 1);
      expect(s.commits).toEqual([]);
      expect([seenAtAck, second.settled]).toEqual([[], undefined]);
      await s.clock.advance(1);
      expect(s.commits).toEqual([['t1', 't2']]);
      expect(seenAtAck).toEqual(['running']);
      expect(second.settled).toBe('resolved');
      expect(s.get('t2').status).toMatchObject({ state: 'starting', containerId: 'c-t2' });
      expect(s.clock.pending()).toEqual([]);
    },
  );

  it(
    "stamps a report without a time with the write's, keeps a report's own, " +
      "and the task's updatedAt is the write's",
    async () => {
      const s = await setup();
      await s.clock.advance(1_000);
      s.submit('a', [report('t1', 'running'), report('t2', 'running', 42)]);
      await s.clock.advance(STATUS_FLUSH_MS);
      expect(s.get('t1').status.timestamp).toBe(s.clock.now());
      expect(s.get('t2').status.timestamp).toBe(42);
      expect([s.get('t1').meta.updatedAt, s.get('t2').meta.updatedAt]).toEqual([s.clock.now(), s.clock.now()]);
    },
  );

  it("settles stale reports without a write: an unknown task, another node's task, a step back", async () => {
    const s = await setup();
    const outcomes = [
      s.submit('a', [report('nope', 'running')]),
      s.submit('b', [report('t1', 'running')]),
      s.submit('a', [report('t2', 'pending')]),
    ];
    await s.clock.advance(STATUS_FLUSH_MS);
    expect(outcomes.map((o) => o.settled)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(s.commits).toEqual([]);
    expect([s.get('t1').status.state, s.get('t2').status.state]).toEqual(['assigned', 'assigned']);
  });

  it('writes the newest accepted report of a task once per window', async () => {
    const s = await setup();
    const outcomes = [
      s.submit('a', [report('t1', 'starting'), report('t1', 'running')]),
      s.submit('a', [report('t1', 'starting')]),
    ];
    await s.clock.advance(STATUS_FLUSH_MS);
    expect(s.commits).toEqual([['t1']]);
    expect(s.get('t1').status.state).toBe('running');
    expect(outcomes.map((o) => o.settled)).toEqual(['resolved', 'resolved']);
  });

  it('writes reports submitted during a write right after it, without waiting for a new window', async () => {
    const s = await setup();
    let release!: () => void;
    s.hooks.beforeCommit = () => new Promise<void>((r) => (release = r));
    const first = s.submit('a', [report('t1', 'running')]);
    await s.clock.advance(STATUS_FLUSH_MS);
    expect(s.commits).toEqual([['t1']]);
    const second = s.submit('a', [report('t2', 'running')]);
    expect(s.clock.pending()).toEqual([]);

    s.hooks.beforeCommit = async () => undefined;
    release();
    await s.clock.advance(0);
    expect(s.commits).toEqual([['t1'], ['t2']]);
    expect([first.settled, second.settled]).toEqual(['resolved', 'resolved']);
  });

  it('splits a window of many reports into commits of at most 120 tasks', async () => {
    const tasks = Array.from({ length: 250 }, (_, i) => task(`t${i}`, i + 1));
    const s = await setup(tasks);
    const outcome = s.submit(
      'a',
      tasks.map((t) => report(t.id, 'running')),
    );
    await s.clock.advance(STATUS_FLUSH_MS);
    expect(s.commits.map((c) => c.length)).toEqual([120, 120, 10]);
    expect(outcome.settled).toBe('resolved');
    expect(tasks.every((t) => s.get(t.id).status.state === 'running')).toBe(true);
  });

  it(
    'after a conflict, waits for the newer write to reach its view, judges the report again on it, ' +
      'and writes both changes',
    async () => {
      const s = await setup();
      // The orchestrator shuts t1 down after the writer read it; its write reaches the view 50 ms later.
      s.hooks.beforeCommit = async () => {
        s.hooks.beforeCommit = async () => undefined;
        throw new ConflictError('write conflict on tasks/t1');
      };
      const outcome = s.submit('a', [report('t1', 'running')]);
      await s.clock.advance(STATUS_FLUSH_MS + 50);
      expect(s.commits).toEqual([['t1']]);
      const t1 = s.get('t1');
      await s.store.commit([put('tasks', { ...t1, desiredState: 'shutdown' }, t1.meta.version)]);
      await s.clock.advance(0);
      expect(s.commits).toEqual([['t1'], ['t1']]);
      expect(s.get('t1')).toMatchObject({ desiredState: 'shutdown', status: { state: 'running' } });
      expect(outcome.settled).toBe('resolved');
    },
  );

  it(
    'after a conflict whose newer write is in view already, ' +
      `judges the report again within ${CONFLICT_CATCH_UP_MS} ms`,
    async () => {
      const s = await setup();
      // The orchestrator shuts t1 down between the writer's read and its write.
      s.hooks.beforeCommit = async () => {
        s.hooks.beforeCommit = async () => undefined;
        const t1 = s.get('t1');
        await s.store.commit([put('tasks', { ...t1, desiredState: 'shutdown' }, t1.meta.version)]);
      };
      const outcome = s.submit('a', [report('t1', 'running')]);
      await s.clock.advance(STATUS_FLUSH_MS + CONFLICT_CATCH_UP_MS);
      expect(s.commits).toEqual([['t1'], ['t1']]);
      expect(s.get('t1')).toMatchObject({ desiredState: 'shutdown', status: { state: 'running' } });
      expect(outcome.settled).toBe('resolved');
    },
  );

  it(
    `drops a report that keeps losing after ${MAX_CONFLICT_RETRIES} retries, ` +
      `each after at most ${CONFLICT_CATCH_UP_MS} ms`,
    async () => {
      const s = await setup();
      // A conflict whose newer write never shows: each retry waits the whole catch-up time.
      s.hooks.beforeCommit = async () => {
        throw new ConflictError('write conflict on tasks/t1');
      };
      const outcome = s.submit('a', [report('t1', 'running')]);
      await s.clock.advance(STATUS_FLUSH_MS);
      expect(s.commits).toHaveLength(1);
      for (let retry = 1; retry <= MAX_CONFLICT_RETRIES; retry++) {
        await s.clock.advance(CONFLICT_CATCH_UP_MS - 1);
        expect(s.commits).toHaveLength(retry);
        await s.clock.advance(1);
        expect(s.commits).toHaveLength(retry + 1);
      }
      expect(outcome.settled).toBeUndefined();
      await s.clock.advance(CONFLICT_CATCH_UP_MS);
      expect(outcome.settled).toBe('resolved');
      expect(s.commits).toHaveLength(1 + MAX_CONFLICT_RETRIES);
      expect(s.warnings.map((w) => [w.msg, w['task.id'], w['node.id']])).toEqual([
        ['status report dropped after repeated conflicts', 't1', 'a'],
      ]);
      expect(s.get('t1').status.state).toBe('assigned');
    },
  );

  it('rejects the submit when the store cannot be written', async () => {
    const s = await setup();
    const err = new UnavailableError('etcd away');
    s.hooks.beforeCommit = async () => {
      throw err;
    };
    const outcome = s.submit('a', [report('t1', 'running')]);
    await s.clock.advance(STATUS_FLUSH_MS);
    expect(outcome).toEqual({ settled: 'rejected', err });
  });
});
