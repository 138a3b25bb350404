// The worker with tasks on overlay networks, against FakeRuntime: it waits for the networks, creates
// the container on the first one with the task's address, MAC and DNS, joins the others before start,
// and stops a task taken away only once its address has left the backends (or after the bound).
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { NETWORK_LABEL } from '../../../agent/runtime/engine-api';
import { Worker } from '../../../agent/worker';
import { STOP_DRAIN_MAX_MS, STOP_SETTLE_MS } from '../../../agent/worker-plan';
import type { Task, TaskStatus } from '../../../proto/types';
import { makeCompleteSet, makeIncremental, makeTask } from '../../fakes/builders';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeRuntime } from '../../../testkit/fake-runtime';
import { eventually } from '../../../testkit/eventually';

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

const A = { networkId: 'netA', network: 'web_default', address: '10.0.3.7/24' };
const B = { networkId: 'netB', network: 'web_back', address: '10.0.4.9/24' };
const task = (id: string, addresses = [A, B]): Task =>
  makeTask({ id, serviceName: 'web_app', nodeId: 'n1', addresses, spec: { container: { image: 'busybox:latest' } } });

function addEngineNetwork(rt: FakeRuntime, id: string, name: string, gateway: string): void {
  rt.addNetwork({
    name,
    labels: { [NETWORK_LABEL]: id },
    subnets: [{ subnet: gateway.replace(/\d+$/, '0/24'), gateway }],
  });
}

function setup(rt = new FakeRuntime(), clock?: FakeClock) {
  const reports: { taskId: string; status: TaskStatus }[] = [];
  let backends = new Set<string>();
  worker = new Worker({
    runtime: rt,
    report: (taskId, status) => reports.push({ taskId, status }),
    logger: pino({ level: 'silent' }),
    resyncIntervalMs: NO_RESYNC_MS,
    backends: () => backends,
    ...(clock ? { clock, timers: clock } : {}),
  });
  worker.start();
  const last = (taskId: string) => reports.filter((r) => r.taskId === taskId).at(-1)?.status;
  return { rt, w: worker, reports, last, setBackends: (ips: string[]) => (backends = new Set(ips)) };
}

describe('Worker with overlay networks', () => {
  it('waits in preparing until every network of the task exists on the engine, reporting it once', async () => {
    const clock = new FakeClock();
    const { rt, w, reports, last } = setup(new FakeRuntime(), clock);
    addEngineNetwork(rt, 'netA', 'web_default', '10.0.3.1');
    w.onAssignments(makeCompleteSet(task('t1')));
    await clock.advance(TICKS_MS);
    expect(last('t1')?.state).toBe('preparing');
    expect(last('t1')?.message).toBe('waiting for network web_back');
    // The next tick sees the same: nothing new to report, nothing to create.
    const listed = rt.callsOf('list').length;
    w.networksChanged();
    await clock.advance(QUIET_MS);
    expect(rt.callsOf('list').length).toBeGreaterThan(listed);
    expect(reports.filter((r) => r.taskId === 't1')).toHaveLength(1);
    expect(rt.callsOf('create')).toEqual([]);

    addEngineNetwork(rt, 'netB', 'web_back', '10.0.4.1');
    w.networksChanged();
    await clock.advance(TICKS_MS);
    expect(last('t1')?.state).toBe('running');
  });

  it(
    'creates the container on its first network with its address, MAC and DNS, ' +
      'and joins the next one before start',
    async () => {
      const rt = new FakeRuntime();
      addEngineNetwork(rt, 'netA', 'web_default', '10.0.3.1');
      addEngineNetwork(rt, 'netB', 'web_back', '10.0.4.1');
      const { w, last } = setup(rt);
      w.onAssignments(makeCompleteSet(task('t1')));
      await eventually('t1 running', async () => last('t1')?.state === 'running');
      const [c] = rt.containers.values();
      expect(c!.body).toMatchObject({
        MacAddress: '02:42:0a:00:03:07',
        HostConfig: { NetworkMode: 'web_default', Dns: ['10.0.3.1'] },
        NetworkingConfig: { EndpointsConfig: { web_default: { IPAMConfig: { IPv4Address: '10.0.3.7' } } } },
      });
      expect(rt.callsOf('create', 'connectNetwork', 'start')).toEqual([
        'create web_app.1.t1',
        `connectNetwork ${c!.id} web_back 10.0.4.9`,
        `start ${c!.id}`,
      ]);
    },
  );

  it('joins the networks a created container misses before starting it (an agent stopped in between)', async () => {
    const rt = new FakeRuntime();
    addEngineNetwork(rt, 'netA', 'web_default', '10.0.3.1');
    addEngineNetwork(rt, 'netB', 'web_back', '10.0.4.1');
    const c = rt.addContainer({ taskId: 't1', state: 'created', networks: [{ name: 'web_default', ip: '' }] });
    const { w, last } = setup(rt);
    w.onAssignments(makeCompleteSet(task('t1')));
    await eventually('t1 running', async () => last('t1')?.state === 'running');
    expect(rt.callsOf('create', 'connectNetwork', 'start')).toEqual([
      `connectNetwork ${c.id} web_back 10.0.4.9`,
      `start ${c.id}`,
    ]);
  });

  it('stops a task taken away only once its address is no longer a backend', async () => {
    const rt = new FakeRuntime();
    addEngineNetwork(rt, 'netA', 'web_default', '10.0.3.1');
    const clock = new FakeClock();
    const { w, last, setBackends } = setup(rt, clock);
    w.onAssignments(makeCompleteSet(task('t1', [A])));
    await clock.advance(TICKS_MS);
    expect(last('t1')?.state).toBe('running');
    setBackends(['10.0.3.7']);
    const takenAt = clock.now();
    w.onAssignments(makeIncremental([], ['t1']));
    // Past when it would stop were it no backend (STOP_SETTLE_MS after the tick that saw it taken
    // away), and short of when it stops regardless (STOP_DRAIN_MAX_MS after that tick).
    await clock.advance(STOP_SETTLE_MS + TICKS_MS);
    expect(rt.callsOf('stop')).toEqual([]);
    setBackends([]);
    w.networksChanged(); // the network agent applied the map without it
    await clock.advance(TICKS_MS);
    expect(rt.callsOf('stop')).toHaveLength(1);
    // Stopped by the backend leaving, not by the bound: that is not reached yet.
    expect(clock.now() - takenAt).toBeLessThan(STOP_DRAIN_MAX_MS);
    expect(last('t1')?.state).toBe('shutdown');
  });

  it(
    'waits STOP_SETTLE_MS after it was taken away even when the map here had already dropped it, ' +
      'so other hosts drop it too',
    async () => {
      const rt = new FakeRuntime();
      addEngineNetwork(rt, 'netA', 'web_default', '10.0.3.1');
      const { w, last } = setup(rt);
      w.onAssignments(makeCompleteSet(task('t1', [A])));
      await eventually('t1 running', async () => last('t1')?.state === 'running');
      const takenAt = Date.now();
      w.onAssignments(makeIncremental([], ['t1']));
      await eventually('stopped', async () => rt.callsOf('stop').length === 1, 3000);
      expect(Date.now() - takenAt).toBeGreaterThanOrEqual(STOP_SETTLE_MS - 50);
      expect(Date.now() - takenAt).toBeLessThan(STOP_DRAIN_MAX_MS);
    },
  );

  it('stops it after STOP_DRAIN_MAX_MS when the map never drops it', async () => {
    const rt = new FakeRuntime();
    addEngineNetwork(rt, 'netA', 'web_default', '10.0.3.1');
    const { w, last, setBackends } = setup(rt);
    w.onAssignments(makeCompleteSet(task('t1', [A])));
    await eventually('t1 running', async () => last('t1')?.state === 'running');
    setBackends(['10.0.3.7']);
    const takenAt = Date.now();
    w.onAssignments(makeIncremental([], ['t1']));
    await eventually('stopped', async () => rt.callsOf('stop').length === 1, 3000);
    expect(Date.now() - takenAt).toBeGreaterThanOrEqual(STOP_DRAIN_MAX_MS - 50);
  });
});
