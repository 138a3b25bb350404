// End to end on the testbed (real etcd, real Docker engines, one per host): rolling updates and node
// availability. Stack `upd`: `web`, 6 busybox httpd replicas. A redeploy with a new image tag (made
// locally on every engine: there is no registry) rolls out in batches of `update_config.parallelism`
// separated by its delay; an update to a missing image, or to a command that exits at once, rolls
// back by itself; draining a host moves its tasks away and starts none there; `service update
// --rebalance` spreads them again without ever running fewer than the replicas.
import { describe, expect, it } from 'vitest';
import type { EventJson } from '../../cli/render/events';
import type { ServiceDetailJson } from '../../cli/render/services';
import { eventually, testbed } from '../../testkit/testbed';
import { useTestbed } from './setup';

const HOSTS = ['host1', 'host2', 'host3'];
const SERVICE = 'upd_web';
const REPLICAS = 6;
/** update_config.parallelism: 6 replicas make 3 batches. */
const PARALLELISM = 2;
/** update_config.delay in ms: long enough to tell apart from the ~1 s a batch takes to start here. */
const DELAY_MS = 2000;
/** How much later than `delay` the next batch may start: one orchestrator tick and etcd round trips. */
const DELAY_LATE_MS = 2000;
/** Creates further apart than this are different batches: a batch is one commit, batches are DELAY_MS apart. */
const BATCH_GAP_MS = 1000;
/** `stack deploy` and `service update` wait for the update with this --timeout; each takes 5-20 s here. */
const WAIT_TIMEOUT = '90s';
/** The CLI call's own limit, above WAIT_TIMEOUT so that the CLI's timeout error is what we see. */
const CLI_TIMEOUT_MS = 120_000;

interface WebSpec {
  image: string;
  command: string[];
}
const HTTPD = ['httpd', '-f', '-p', '8080'];

const stack = ({ image, command }: WebSpec) => `services:
  web:
    image: ${image}
    command: ${JSON.stringify(command)}
    # httpd as PID 1 ignores SIGTERM: do not wait Docker's default 10 s for it on every stop.
    stop_grace_period: 1s
    deploy:
      replicas: ${REPLICAS}
      restart_policy:
        delay: 500ms
      update_config:
        parallelism: ${PARALLELISM}
        delay: ${DELAY_MS}ms
        order: stop-first
        # A failed task counts within monitor of starting; 2 s keeps each update short.
        monitor: 2s
        failure_action: rollback
        max_failure_ratio: 0
      rollback_config:
        parallelism: ${PARALLELISM}
        delay: 0s
        order: stop-first
        monitor: 1s
`;

interface Container {
  host: string;
  id: string;
  task: string;
  image: string;
  /** The command as `docker ps --no-trunc` shows it: its words joined by spaces. */
  cmd: string;
}

/**
 * Containers of the service on `host` as its own engine sees them; `all` includes stopped ones. One
 * `docker ps` (no separate inspect, which would race with containers being removed).
 */
async function containersOn(host: string, all = false): Promise<Container[]> {
  const format = '{{.ID}}|{{.Label "shoal.task"}}|{{.Image}}|{{.Command}}';
  const out = await testbed.docker(host, [
    'ps',
    ...(all ? ['-a'] : []),
    '--no-trunc',
    '--filter',
    `label=shoal.service=${SERVICE}`,
    '--format',
    format,
  ]);
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id, task, image, cmd] = line.split('|');
      return { host, id: id!, task: task!, image: image!, cmd: cmd!.replace(/^"|"$/g, '') };
    });
}

async function containers(): Promise<Container[]> {
  return (await Promise.all(HOSTS.map((h) => containersOn(h)))).flat();
}

const tasks = () => testbed.tasks(SERVICE);
const runningTasks = () => testbed.runningTasks(SERVICE);

async function inspect(): Promise<ServiceDetailJson> {
  const r = await testbed.shoal(['service', 'inspect', SERVICE, '--format', 'json']);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as ServiceDetailJson;
}

/** Settled: exactly `n` running tasks, each with one running container of `spec`, and nothing else running. */
async function settled(n: number, spec: WebSpec): Promise<boolean> {
  const [running, cs] = await Promise.all([runningTasks(), containers()]);
  return (
    running.length === n &&
    cs.length === n &&
    running.every((t) => cs.some((c) => c.task === t.id)) &&
    cs.every((c) => c.image === spec.image && c.cmd === spec.command.join(' '))
  );
}

/** `stack deploy` of `spec`, waiting for the update unless `detach`. */
function deploy(spec: WebSpec, detach = false) {
  const wait = detach ? ['--detach'] : ['--timeout', WAIT_TIMEOUT];
  return testbed.shoal(['stack', 'deploy', '-c', stackFiles.write('stack.yml', stack(spec)), ...wait, 'upd'], {
    timeoutMs: CLI_TIMEOUT_MS,
  });
}

/**
 * The service's events (its own and its tasks') the manager holds from `since` until now, replayed by `shoal events`.
 */
async function eventsSince(since: number): Promise<EventJson[]> {
  const r = await testbed.shoal([
    'events',
    '--since',
    (since / 1000).toFixed(3),
    '--until',
    (Date.now() / 1000).toFixed(3),
    '--filter',
    `service=${SERVICE}`,
    '--format',
    'json',
  ]);
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EventJson);
}

interface Sample {
  at: number;
  /** Tasks desired running and running, per `shoal service ps`. */
  tasks: number;
  /** Running containers of the service over every engine. */
  containers: number;
}

/** Runs `action` while sampling the running count back to back (for `maxMs` at most); its result and the samples. */
async function whileSampling<T>(action: () => Promise<T>, maxMs = 120_000): Promise<[T, Sample[]]> {
  const samples: Sample[] = [];
  const started = Date.now();
  let stopped = false;
  const loop = (async () => {
    while (!stopped && Date.now() - started < maxMs) {
      const [t, c] = await Promise.all([runningTasks(), containers()]);
      samples.push({ at: Date.now(), tasks: t.length, containers: c.length });
    }
  })();
  // A failed sample fails the whole call (below), not as an unhandled rejection meanwhile.
  loop.catch(() => {});
  try {
    return [await action(), samples];
  } finally {
    stopped = true;
    await loop;
  }
}

const perHost = (cs: Container[]) => HOSTS.map((h) => cs.filter((c) => c.host === h).length);

const V1: WebSpec = { image: 'busybox:latest', command: HTTPD };
const V2: WebSpec = { image: 'busybox:v2', command: HTTPD };

const stackFiles = useTestbed({
  name: 'upd',
  setup: async () => {
    // No registry: the new tag must exist on every engine already.
    for (const h of HOSTS) await testbed.docker(h, ['tag', 'busybox:latest', 'busybox:v2']);
    const r = await deploy(V1, true);
    expect(r.code, r.stderr).toBe(0);
    await eventually('6 web containers of busybox:latest', () => settled(REPLICAS, V1), 60_000);
  },
  setupTimeoutMs: 240_000,
});

describe('rolling updates, rollbacks, drain and rebalance on real engines', () => {
  it(
    'rolls a new image tag out in batches of 2 separated by the delay, ' + 'never below replicas - parallelism',
    async () => {
      const oldTasks = new Set((await runningTasks()).map((t) => t.id));
      const since = Date.now();
      const [r, samples] = await whileSampling(() => deploy(V2));
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(await settled(REPLICAS, V2)).toBe(true);
      const service = await inspect();
      expect(service.image).toBe('busybox:v2');
      expect(service.updateStatus?.state).toBe('completed');

      console.log(`update: ${samples.length} samples, running tasks ${samples.map((s) => s.tasks).join(' ')}`);
      // stop-first: each batch stops 2 old tasks as it creates 2 new ones.
      expect(samples.length).toBeGreaterThan(5);
      expect(Math.min(...samples.map((s) => s.tasks))).toBeGreaterThanOrEqual(REPLICAS - PARALLELISM);

      const events = await eventsSince(since);
      const created = events.filter((e) => e.type === 'task' && e.action === 'create').sort((a, b) => a.time - b.time);
      // When each new task started running, as its agent observed it: `service ps` keeps that time
      // while the state stays running, and the update times its delay from it (its `running` event
      // follows once the report reached etcd).
      const running = await runningTasks();
      const runningAt = new Map(running.map((t) => [t.id, t.updatedAt]));
      // Every new task is one of the update (none failed and was replaced), and they now run.
      expect(created.map((e) => e.id).sort()).toEqual(running.map((t) => t.id).sort());
      for (const e of created) expect(oldTasks.has(e.id)).toBe(false);

      const batches: EventJson[][] = [];
      for (const e of created) {
        const last = batches.at(-1);
        if (last && e.time - last.at(-1)!.time <= BATCH_GAP_MS) last.push(e);
        else batches.push([e]);
      }
      const timeline = batches.map((b) =>
        b.map(
          (e) =>
            `slot ${e.attributes.slot} created +${e.time - since} ms, ` +
            `running +${(runningAt.get(e.id) ?? NaN) - since} ms`,
        ),
      );
      console.log(`update batches:\n${timeline.map((b, i) => `  ${i + 1}: ${b.join('; ')}`).join('\n')}`);
      // Lowest slots first, 2 at a time.
      expect(batches.map((b) => b.map((e) => Number(e.attributes.slot)).sort())).toEqual([
        [1, 2],
        [3, 4],
        [5, 6],
      ]);
      for (let i = 1; i < batches.length; i++) {
        const previousRunning = Math.max(...batches[i - 1]!.map((e) => runningAt.get(e.id)!));
        expect(Number.isFinite(previousRunning), `batch ${i} ran`).toBe(true);
        const gap = batches[i]![0]!.time - previousRunning;
        expect(gap, `batch ${i + 1} starts ${gap} ms after batch ${i} runs`).toBeGreaterThanOrEqual(DELAY_MS);
        expect(gap, `batch ${i + 1} starts ${gap} ms after batch ${i} runs`).toBeLessThanOrEqual(
          DELAY_MS + DELAY_LATE_MS,
        );
      }
      const states = events
        .filter((e) => e.type === 'service' && e.attributes['updatestate.new'])
        .map((e) => e.attributes['updatestate.new']);
      expect(states).toEqual(['updating', 'completed']);
    },
  );

  it('rolls back by itself an update to an image tag that does not exist', async () => {
    const r = await deploy({ image: 'busybox:nosuchtag', command: HTTPD });
    expect(r.code, r.stdout).not.toBe(0);
    expect(r.stderr).toMatch(/upd_web: update rolled back: task upd_web\.\d+ rejected/);
    const service = await inspect();
    expect(service.updateStatus?.state).toBe('rollback_completed');
    expect(service.image).toBe('busybox:v2');
    // The rollback is complete: every task runs the previous image again.
    expect(await settled(REPLICAS, V2)).toBe(true);
    const rejected = (await tasks()).filter((t) => t.state === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.length).toBeLessThanOrEqual(PARALLELISM);
    for (const t of rejected) expect(t.error).toMatch(/nosuchtag/);
  });

  it('rolls back by itself an update to a command that exits at once', async () => {
    const before = await inspect();
    const r = await deploy({ image: 'busybox:v2', command: ['sh', '-c', 'exit 1'] });
    expect(r.code, r.stdout).not.toBe(0);
    expect(r.stderr).toMatch(/upd_web: update rolled back: task upd_web\.\d+ failed/);
    const service = await inspect();
    expect(service.updateStatus?.state).toBe('rollback_completed');
    // A rollback returns to the previous spec and its version.
    expect(service.specVersion).toBe(before.specVersion);
    expect(service.spec?.container?.command).toEqual(HTTPD);
    expect(await settled(REPLICAS, V2)).toBe(true);
    const failed = (await tasks()).filter((t) => t.state === 'failed');
    expect(failed.length).toBeGreaterThan(0);
  });

  it('drains host2: its tasks run elsewhere, never fewer than the replicas, and nothing starts there', async () => {
    expect((await containersOn('host2')).length, 'host2 runs tasks before the drain').toBeGreaterThan(0);
    const [drain, samples] = await whileSampling(async () => {
      const r = await testbed.shoal(['node', 'update', '--availability', 'drain', 'host2']);
      if (r.code === 0) {
        await eventually('6 running off host2, none on its engine', async () => {
          const [t, onHost2] = await Promise.all([runningTasks(), containersOn('host2')]);
          return (
            t.length === REPLICAS &&
            t.every((x) => x.node !== 'host2') &&
            onHost2.length === 0 &&
            (await settled(REPLICAS, V2))
          );
        });
      }
      return r;
    });
    expect(drain.code, drain.stderr).toBe(0);
    console.log(
      `drain: ${samples.length} samples, running tasks ${samples.map((s) => s.tasks).join(' ')}, ` +
        `containers ${samples.map((s) => s.containers).join(' ')}`,
    );
    expect(samples.length).toBeGreaterThan(2);
    // A drain moves start-first: a task keeps running until its replacement runs elsewhere.
    expect(Math.min(...samples.map((s) => s.tasks))).toBeGreaterThanOrEqual(REPLICAS);
    expect((await testbed.nodes()).find((n) => n.hostname === 'host2')!.availability).toBe('drain');

    // New tasks do not go there either.
    const known = new Set((await containersOn('host2', true)).map((c) => c.id));
    const scaled = await testbed.shoal(['service', 'scale', `${SERVICE}=9`, '--timeout', WAIT_TIMEOUT], {
      timeoutMs: CLI_TIMEOUT_MS,
    });
    expect(scaled.code, scaled.stderr).toBe(0);
    await eventually('9 running', () => settled(9, V2));
    expect((await tasks()).filter((t) => t.node === 'host2' && t.desiredState === 'running')).toEqual([]);
    expect((await containersOn('host2', true)).filter((c) => !known.has(c.id))).toEqual([]);
    expect(perHost(await containers())).toEqual([expect.any(Number), 0, expect.any(Number)]);

    const back = await testbed.shoal(['service', 'scale', `${SERVICE}=${REPLICAS}`, '--timeout', WAIT_TIMEOUT], {
      timeoutMs: CLI_TIMEOUT_MS,
    });
    expect(back.code, back.stderr).toBe(0);
    await eventually('6 running', () => settled(REPLICAS, V2));
    expect((await containersOn('host2', true)).filter((c) => !known.has(c.id))).toEqual([]);
  });

  it(
    'after host2 is active again, --rebalance spreads the tasks over every host, ' + 'never below the replicas',
    async () => {
      const r = await testbed.shoal(['node', 'update', '--availability', 'active', 'host2']);
      expect(r.code, r.stderr).toBe(0);
      expect((await testbed.nodes()).find((n) => n.hostname === 'host2')!.availability).toBe('active');
      // Nothing moves back by itself (the service does not opt in to x-shoal rebalance).
      expect(perHost(await containers())[1]).toBe(0);

      const [rebalance, samples] = await whileSampling(() =>
        testbed.shoal(['service', 'update', '--rebalance', '--timeout', WAIT_TIMEOUT, SERVICE], {
          timeoutMs: CLI_TIMEOUT_MS,
        }),
      );
      expect(rebalance.code, `${rebalance.stdout}\n${rebalance.stderr}`).toBe(0);
      console.log(
        `rebalance: ${samples.length} samples, running tasks ${samples.map((s) => s.tasks).join(' ')}, ` +
          `containers ${samples.map((s) => s.containers).join(' ')}`,
      );
      expect(samples.length).toBeGreaterThan(2);
      expect(Math.min(...samples.map((s) => s.tasks))).toBeGreaterThanOrEqual(REPLICAS);
      expect(Math.min(...samples.map((s) => s.containers))).toBeGreaterThanOrEqual(REPLICAS);

      await eventually('6 running, one container per task', () => settled(REPLICAS, V2));
      expect(perHost(await containers())).toEqual([2, 2, 2]);
      const nodes = (await runningTasks()).map((t) => t.node).sort();
      expect(nodes).toEqual(['host1', 'host1', 'host2', 'host2', 'host3', 'host3']);
    },
  );
});
