// The worker against FakeRuntime: the real ControlLoop, fake containers; real timers, or a fake clock
// where a test shows that something does not happen.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Worker } from '../../../agent/worker';
import { EngineServerError } from '../../../agent/runtime/container-runtime';
import { ConflictError, FailedPreconditionError, InvalidArgumentError, UnavailableError } from '../../../proto/errors';
import type { Task, TaskStatus } from '../../../proto/types';
import { makeCompleteSet, makeIncremental, makeTask, type TaskOverrides } from '../../fakes/builders';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeRuntime } from '../../../testkit/fake-runtime';
import { eventually } from '../../../testkit/eventually';

/** Long enough that only events, never the periodic resync, drive a test (unless it asks otherwise). */
const NO_RESYNC_MS = 3_600_000;
/** On a fake clock: long enough for the debounced ticks (20 ms each) that an event sets off. */
const TICKS_MS = 100;
/** On a fake clock: past every debounce and every retry of an action (10 s at most), short of the resync. */
const QUIET_MS = 60_000;

let worker: Worker | undefined;
afterEach(() => {
  worker?.stop();
  worker = undefined;
});

const task = (id: string, o: TaskOverrides = {}): Task =>
  makeTask({ id, serviceName: 'web_app', nodeId: 'n1', spec: { container: { image: 'busybox:latest' } }, ...o });

function setup(rt = new FakeRuntime(), resyncIntervalMs = NO_RESYNC_MS, clock?: FakeClock) {
  const reports: { taskId: string; status: TaskStatus }[] = [];
  const time = clock ? { clock, timers: clock } : {};
  worker = new Worker({
    runtime: rt,
    report: (taskId, status) => reports.push({ taskId, status }),
    logger: pino({ level: 'silent' }),
    resyncIntervalMs,
    ...time,
  });
  worker.start();
  const states = (taskId: string) => reports.filter((r) => r.taskId === taskId).map((r) => r.status.state);
  const last = (taskId: string) => reports.filter((r) => r.taskId === taskId).at(-1)?.status;
  return { rt, w: worker, reports, states, last };
}

describe('Worker', () => {
  it('starts an assigned task: preparing, starting, running, in one container named for the task', async () => {
    const { rt, w, states, last } = setup();
    w.onAssignments(makeCompleteSet(task('t1', { slot: 3 })));
    await eventually('t1 running', async () => last('t1')?.state === 'running');
    expect(states('t1')).toEqual(['preparing', 'starting', 'starting', 'running']);
    expect(rt.callsOf('imageExists', 'pullImage', 'create')).toEqual([
      'imageExists busybox:latest',
      'create web_app.3.t1',
    ]);
    const [c] = rt.containers.values();
    expect(last('t1')?.containerId).toBe(c.id);
    expect(c.body.Labels['shoal.task']).toBe('t1');
  });

  it(
    'adopts running containers after a restart: no create, no stop, ' + 'and nothing removed before the complete set',
    async () => {
      const rt = new FakeRuntime();
      const mine = rt.addContainer({ id: 'c-mine', taskId: 't1', name: 'web_app.1.t1' });
      const stale = rt.addContainer({ id: 'c-stale', taskId: 't-old', name: 'web_app.2.t-old' });
      const { w, last, reports } = setup(rt, 20);
      // Resyncs happen (every 20 ms), but without a complete set the worker does not know what is its own.
      await eventually('a few resyncs', async () => rt.callsOf('list').length >= 3);
      expect(rt.callsOf('create', 'start', 'stop', 'remove')).toEqual([]);
      expect(reports).toEqual([]);

      w.onAssignments(makeCompleteSet(task('t1', { status: { state: 'running', containerId: mine.id } })));
      await eventually('stale container removed', async () => !rt.containers.has(stale.id));
      await eventually('t1 reported running', async () => last('t1')?.state === 'running');
      expect(last('t1')).toMatchObject({ state: 'running', containerId: 'c-mine' });
      expect(rt.callsOf('create', 'start', 'stop', 'remove')).toEqual(['stop c-stale', 'remove c-stale']);
      expect(last('t-old')).toMatchObject({ state: 'shutdown', containerId: 'c-stale' });
      expect(rt.containers.get('c-mine')?.state).toBe('running');
    },
  );

  it('reports a dead container failed with its exit code, on the die event, and never restarts it', async () => {
    const clock = new FakeClock();
    const { rt, w, last } = setup(new FakeRuntime(), NO_RESYNC_MS, clock);
    w.onAssignments(makeCompleteSet(task('t1')));
    await clock.advance(TICKS_MS);
    expect(last('t1')?.state).toBe('running');
    const id = last('t1')!.containerId;
    rt.exit(id, 3);
    await clock.advance(TICKS_MS);
    expect(last('t1')).toMatchObject({ state: 'failed', exitCode: 3, err: 'task: non-zero exit (3)', containerId: id });
    // Still assigned (the manager has not caught up yet): more ticks, no restart.
    const listed = rt.callsOf('list').length;
    rt.emit({ action: 'destroy', containerId: 'other', taskId: 'x' });
    await clock.advance(QUIET_MS);
    expect(rt.callsOf('list').length).toBeGreaterThan(listed);
    expect(rt.callsOf('create', 'start')).toEqual(['create web_app.1.t1', `start ${id}`]);
    // The manager retires the task: its dead container is removed.
    w.onAssignments(makeIncremental([], ['t1']));
    await clock.advance(TICKS_MS);
    expect(rt.containers.size).toBe(0);
    expect(last('t1')?.state).toBe('failed');
  });

  it('reports OOM and a clean exit', async () => {
    const { rt, w, last } = setup();
    w.onAssignments(makeCompleteSet(task('oom'), task('done', { slot: 2 })));
    await eventually('both running', async () => last('oom')?.state === 'running' && last('done')?.state === 'running');
    rt.exit(last('oom')!.containerId, 137, true);
    rt.exit(last('done')!.containerId, 0);
    await eventually('both ended', async () => last('oom')?.state === 'failed' && last('done')?.state === 'complete');
    expect(last('oom')).toMatchObject({ err: 'OOM killed', exitCode: 137 });
  });

  it(
    "rejects a task whose image is missing and cannot be pulled, with the engine's error, " + 'and runs the others',
    async () => {
      const { rt, w, last } = setup();
      w.onAssignments(
        makeCompleteSet(task('bad', { spec: { container: { image: 'nope:1' } } }), task('good', { slot: 2 })),
      );
      await eventually(
        'bad rejected, good running',
        async () => last('bad')?.state === 'rejected' && last('good')?.state === 'running',
      );
      expect(last('bad')?.err).toBe('pulling image nope:1: pull access denied for nope:1, repository does not exist');
      expect(rt.callsOf('pullImage', 'create')).toEqual(['pullImage nope:1', 'create web_app.2.good']);
    },
  );

  it('pulls a missing image that the engine can fetch', async () => {
    const rt = new FakeRuntime();
    rt.pullable.add('alpine:3');
    const { w, last } = setup(rt);
    w.onAssignments(makeCompleteSet(task('t1', { spec: { container: { image: 'alpine:3' } } })));
    await eventually('t1 running', async () => last('t1')?.state === 'running');
    expect(rt.callsOf('pullImage', 'create')).toEqual(['pullImage alpine:3', 'create web_app.1.t1']);
  });

  it('rejects a task whose create the engine refuses; fails one whose start the engine refuses', async () => {
    const rt = new FakeRuntime();
    rt.failNext('create', new InvalidArgumentError('invalid reference format'));
    rt.failNext('start', new FailedPreconditionError('exec: "nosuch": executable file not found in $PATH'));
    const clock = new FakeClock();
    const { w, last } = setup(rt, NO_RESYNC_MS, clock);
    w.onAssignments(makeCompleteSet(task('t1')));
    await clock.advance(TICKS_MS);
    expect(last('t1')?.state).toBe('rejected');
    expect(last('t1')?.err).toBe('creating container: invalid reference format');
    w.onAssignments(makeIncremental([task('t2', { slot: 2 })]));
    await clock.advance(TICKS_MS);
    expect(last('t2')?.state).toBe('failed');
    expect(last('t2')?.err).toBe('starting container: exec: "nosuch": executable file not found in $PATH');
    // Neither is tried again, not even after the longest retry delay of an action.
    await clock.advance(QUIET_MS);
    expect(rt.callsOf('create')).toEqual(['create web_app.1.t1', 'create web_app.2.t2']);
  });

  it("rejects a task whose image reference has a NUL byte, with the engine's message, once and for all", async () => {
    const rt = new FakeRuntime();
    const clock = new FakeClock();
    const { w, last, states, reports } = setup(rt, NO_RESYNC_MS, clock);
    w.onAssignments(makeCompleteSet(task('t1', { spec: { container: { image: 'busybox:la\0test' } } })));
    await clock.advance(TICKS_MS);
    // The NUL byte is shown as an escape: the error reads as what was asked for.
    expect(last('t1')).toMatchObject({
      state: 'rejected',
      message: 'rejected by the agent',
      err: 'checking image busybox:la\\u0000test: invalid reference format',
    });
    await clock.advance(QUIET_MS);
    expect(states('t1')).toEqual(['preparing', 'rejected']);
    expect(reports.map((r) => r.status.message)).toEqual([
      'checking image busybox:la\\u0000test',
      'rejected by the agent',
    ]);
    expect(rt.callsOf('imageExists', 'pullImage', 'create')).toEqual(['imageExists busybox:la\0test']);
  });

  describe('a start step the engine refuses', () => {
    // alpine:3 is not on the engine but can be pulled: a start checks, pulls and creates.
    it.each([
      {
        method: 'imageExists',
        err: new InvalidArgumentError('no such image: Alpine:3: invalid reference format'),
        rejected: 'checking image alpine:3: no such image: Alpine:3: invalid reference format',
      },
      { method: 'imageExists', err: new EngineServerError('write /var/lib/docker: no space left on device', 500) },
      { method: 'imageExists', err: new UnavailableError('docker engine unreachable: connect ECONNREFUSED') },
      {
        method: 'pullImage',
        err: new InvalidArgumentError('invalid tag format'),
        rejected: 'pulling image alpine:3: invalid tag format',
      },
      {
        // What this registry-less machine's engine answers for any pull: final, as it has always been.
        method: 'pullImage',
        err: new EngineServerError('Get "https://registry-1.docker.io/v2/": dial tcp: network is unreachable', 500),
        rejected: 'pulling image alpine:3: Get "https://registry-1.docker.io/v2/": dial tcp: network is unreachable',
      },
      { method: 'pullImage', err: new UnavailableError('docker engine unreachable: connect ECONNREFUSED') },
      {
        method: 'create',
        err: new InvalidArgumentError('invalid environment variable: =novalue'),
        rejected: 'creating container: invalid environment variable: =novalue',
      },
      {
        method: 'create',
        err: new EngineServerError('failed to register layer: no space left on device', 500),
        rejected: 'creating container: failed to register layer: no space left on device',
      },
      { method: 'create', err: new ConflictError('Conflict. The container name "/web_app.1.t1" is already in use') },
      { method: 'create', err: new UnavailableError('docker engine unreachable: connect ECONNREFUSED') },
    ] as { method: 'imageExists' | 'pullImage' | 'create'; err: Error; rejected?: string }[])(
      '$method: $err.message',
      async ({ method, err, rejected }) => {
        const rt = new FakeRuntime();
        rt.pullable.add('alpine:3');
        rt.failNext(method, err);
        const clock = new FakeClock();
        const { w, last, states } = setup(rt, NO_RESYNC_MS, clock);
        w.onAssignments(makeCompleteSet(task('t1', { spec: { container: { image: 'alpine:3' } } })));
        await clock.advance(QUIET_MS);
        if (rejected) {
          // Rejected at once, with the engine's message; nothing of the start is tried again.
          expect(last('t1')).toMatchObject({ state: 'rejected', err: rejected });
          expect(rt.callsOf(method)).toHaveLength(1);
          expect(rt.containers.size).toBe(0);
        } else {
          // Retried after a backoff, with the task waiting, until it runs.
          expect(last('t1')?.state).toBe('running');
          expect(rt.callsOf(method)).toHaveLength(2);
          expect(states('t1')).not.toContain('rejected');
        }
      },
    );
  });

  it('retries a transient engine failure of one task, and of the whole list, until the task runs', async () => {
    const rt = new FakeRuntime();
    rt.failNext('list', new UnavailableError('docker engine unreachable'), 2);
    rt.failNext('create', new UnavailableError('docker engine unreachable'), 2);
    const { w, last, states } = setup(rt);
    w.onAssignments(makeCompleteSet(task('t1')));
    await eventually('t1 running', async () => last('t1')?.state === 'running', 5000);
    expect(rt.callsOf('create')).toEqual(['create web_app.1.t1', 'create web_app.1.t1', 'create web_app.1.t1']);
    expect(states('t1')).not.toContain('rejected');
    expect(rt.containers.size).toBe(1);
  });

  it('never acts on half a complete set: a set cut after 2 of its 3 chunks removes nothing', async () => {
    const clock = new FakeClock();
    const { rt, w, last } = setup(new FakeRuntime(), NO_RESYNC_MS, clock);
    const chunk = (sequence: number, tasks: Task[], completeBegin: boolean, completeEnd: boolean) =>
      w.onAssignments({ type: 'complete', sequence, tasks, removedTaskIds: [], completeBegin, completeEnd });
    w.onAssignments(makeCompleteSet(task('t1'), task('t2'), task('t3')));
    await clock.advance(TICKS_MS);
    expect(['t1', 't2', 't3'].map((id) => last(id)?.state)).toEqual(['running', 'running', 'running']);
    // A new stream's set, cut after its second chunk: t3 is in neither, yet it keeps running.
    chunk(2, [task('t1')], true, false);
    chunk(3, [task('t2')], false, false);
    await clock.advance(QUIET_MS);
    expect(rt.callsOf('stop', 'remove')).toEqual([]);
    expect(rt.containers.size).toBe(3);
    // The next stream's set, whole (3 chunks, the last empty): now t3 is known not to be the node's.
    chunk(4, [task('t1')], true, false);
    chunk(5, [task('t2')], false, false);
    chunk(6, [], false, true);
    await clock.advance(TICKS_MS);
    expect(last('t3')?.state).toBe('shutdown');
    expect(rt.containers.size).toBe(2);
  });

  it('stops, reports shut down, and removes the container of a task taken away', async () => {
    const { rt, w, last } = setup();
    w.onAssignments(makeCompleteSet(task('t1')));
    await eventually('t1 running', async () => last('t1')?.state === 'running');
    const id = last('t1')!.containerId;
    w.onAssignments(makeIncremental([], ['t1']));
    await eventually('removed', async () => rt.containers.size === 0);
    expect(last('t1')).toMatchObject({ state: 'shutdown', containerId: id });
    expect(rt.callsOf('stop', 'remove')).toEqual([`stop ${id}`, `remove ${id}`]);
  });

  it('keeps starting new tasks while a slow stop is under way, and stops that container once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    class SlowStopRuntime extends FakeRuntime {
      override async stop(id: string): Promise<void> {
        await gate; // a container that ignores SIGTERM: the engine waits out its grace period
        return super.stop(id);
      }
    }
    const { rt, w, last } = setup(new SlowStopRuntime());
    w.onAssignments(makeCompleteSet(task('t1')));
    await eventually('t1 running', async () => last('t1')?.state === 'running');
    w.onAssignments(makeIncremental([task('t2')], ['t1']));
    await eventually('t2 running while t1 is still stopping', async () => last('t2')?.state === 'running');
    expect(rt.containers.size).toBe(2);
    release();
    await eventually('t1 removed', async () => rt.containers.size === 1);
    expect(last('t1')?.state).toBe('shutdown');
    expect(rt.callsOf('stop')).toHaveLength(1);
  });

  it('reports starting until a container with a healthcheck is healthy', async () => {
    const { rt, w, last } = setup();
    const t = task('t1', {
      spec: {
        container: {
          image: 'busybox:latest',
          healthcheck: {
            test: ['CMD', 'true'],
            intervalMs: 100,
            timeoutMs: 100,
            retries: 1,
            startPeriodMs: 0,
            startIntervalMs: 0,
          },
        },
      },
    });
    w.onAssignments(makeCompleteSet(t));
    await eventually('t1 health starting', async () => last('t1')?.message === 'health: starting');
    expect(last('t1')?.state).toBe('starting');
    const c = [...rt.containers.values()][0];
    c.health = 'healthy';
    rt.emit({ action: 'health_status: healthy', containerId: c.id, taskId: 't1' });
    await eventually('t1 running', async () => last('t1')?.state === 'running');
  });

  it('fails a task whose container turns unhealthy, and stops the container', async () => {
    const { rt, w, last } = setup();
    w.onAssignments(makeCompleteSet(task('t1')));
    await eventually('t1 running', async () => last('t1')?.state === 'running');
    const c = [...rt.containers.values()][0]!;
    c.health = 'unhealthy';
    rt.emit({ action: 'health_status: unhealthy', containerId: c.id, taskId: 't1' });
    await eventually('t1 failed', async () => last('t1')?.state === 'failed');
    expect(last('t1')?.err).toBe('unhealthy container');
    await eventually('its container stopped', async () => rt.callsOf('stop').length === 1);
    expect(rt.callsOf('start')).toHaveLength(1);
  });

  it('the periodic resync catches a death the event stream missed', async () => {
    const rt = new FakeRuntime();
    const { w, last } = setup(rt, 50);
    w.onAssignments(makeCompleteSet(task('t1')));
    await eventually('t1 running', async () => last('t1')?.state === 'running');
    const c = [...rt.containers.values()][0];
    Object.assign(c, { state: 'exited', exitCode: 9 }); // no event
    await eventually('t1 failed', async () => last('t1')?.state === 'failed');
    expect(last('t1')?.exitCode).toBe(9);
  });
});
