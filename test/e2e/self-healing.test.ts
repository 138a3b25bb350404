// End to end on the testbed (real etcd, real Docker engines, one per host): deploy, scale, and heal
// from killed containers, a lost host, and restarted agents and managers.
import { describe, expect, it } from 'vitest';
import { eventually, testbed } from '../../testkit/testbed';
import { useTestbed } from './setup';

const HOSTS = ['host1', 'host2', 'host3'];

const stack = (replicas: number) => `services:
  web:
    image: busybox:latest
    command: ["httpd", "-f", "-p", "8080"]
    # httpd as PID 1 ignores SIGTERM: do not wait Docker's default 10 s for it on every scale-down.
    stop_grace_period: 1s
    deploy:
      replicas: ${replicas}
      restart_policy:
        delay: 500ms
  broken:
    image: nosuchimage:1.0
    deploy:
      replicas: 1
`;

interface Container {
  id: string;
  task: string;
  slot: number;
  startedAt: string;
}

/** Shoal's running containers of `service` on one host, as that host's own engine sees them. */
async function containersOn(host: string, service: string): Promise<Container[]> {
  const ids = (await testbed.docker(host, ['ps', '-q', '--no-trunc', '--filter', `label=shoal.service=${service}`]))
    .trim()
    .split('\n')
    .filter(Boolean);
  if (ids.length === 0) return [];
  const out = await testbed.docker(host, [
    'inspect',
    '--format',
    '{{.Id}} {{index .Config.Labels "shoal.task"}} {{index .Config.Labels "shoal.slot"}} {{.State.StartedAt}}',
    ...ids,
  ]);
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [id, task, slot, startedAt] = line.split(' ');
      return { id: id!, task: task!, slot: Number(slot), startedAt: startedAt! };
    });
}

async function runningPerHost(service: string): Promise<Record<string, Container[]>> {
  const entries = await Promise.all(HOSTS.map(async (h) => [h, await containersOn(h, service)] as const));
  return Object.fromEntries(entries);
}

/** Settled: exactly `n` containers of the service run across all engines, one per running task. */
async function settledAt(service: string, n: number): Promise<boolean> {
  const all = Object.values(await runningPerHost(service)).flat();
  const running = await testbed.runningTasks(service);
  return all.length === n && running.length === n && new Set(all.map((c) => c.task)).size === n;
}

async function deploy(replicas: number): Promise<void> {
  const r = await testbed.shoal([
    'stack',
    'deploy',
    '-c',
    stackFiles.write('stack.yml', stack(replicas)),
    '--detach',
    'heal',
  ]);
  expect(r.code, r.stderr).toBe(0);
}

const stackFiles = useTestbed({ name: 'heal' });

describe('self-healing on real engines', () => {
  it('deploys 6 replicas over 3 hosts: 2 running containers on each, seen by each host engine', async () => {
    await deploy(6);
    await eventually('6 web containers', () => settledAt('heal_web', 6), 60_000);
    const perHost = await runningPerHost('heal_web');
    expect(HOSTS.map((h) => perHost[h]!.length)).toEqual([2, 2, 2]);
  });

  it('shows the missing image as rejected with the engine error while the rest runs', async () => {
    await eventually('broken task rejected', async () =>
      (await testbed.tasks('heal_broken')).some((t) => t.state === 'rejected'),
    );
    const rejected = (await testbed.tasks('heal_broken')).find((t) => t.state === 'rejected')!;
    expect(rejected.error).toMatch(/nosuchimage/);
    const ps = await testbed.shoal(['service', 'ps', 'heal_broken']);
    expect(ps.stdout).toMatch(/Rejected/i);
    expect((await testbed.runningTasks('heal_web')).length).toBe(6);
  });

  it('scales to 9, 2, 0 and back to 3, keeping existing containers when scaling up', async () => {
    const before = Object.values(await runningPerHost('heal_web'))
      .flat()
      .map((c) => c.id);
    expect((await testbed.shoal(['service', 'scale', 'heal_web=9'])).code).toBe(0);
    await eventually('9 running', () => settledAt('heal_web', 9));
    const after = Object.values(await runningPerHost('heal_web'))
      .flat()
      .map((c) => c.id);
    for (const id of before) expect(after).toContain(id);

    for (const n of [2, 0, 3]) {
      const r = await testbed.shoal(['service', 'scale', `heal_web=${n}`]);
      expect(r.code, r.stderr).toBe(0);
      await eventually(`${n} running`, () => settledAt('heal_web', n));
    }
    const slots = (await testbed.runningTasks('heal_web')).map((t) => t.slot).sort();
    expect(slots).toEqual([1, 2, 3]);
  });

  it('replaces a container killed from outside with a new task in the same slot', async () => {
    const victim = (await containersOn('host1', 'heal_web'))[0] ?? (await containersOn('host2', 'heal_web'))[0]!;
    const host = (await containersOn('host1', 'heal_web')).some((c) => c.id === victim.id) ? 'host1' : 'host2';
    await testbed.docker(host, ['kill', victim.id]);
    await eventually('a new task in the same slot', async () => {
      const t = await testbed.runningTasks('heal_web');
      return t.length === 3 && t.some((x) => x.slot === victim.slot && x.id !== victim.task);
    });
    const history = (await testbed.tasks('heal_web')).filter((t) => t.slot === victim.slot);
    expect(history.find((t) => t.id === victim.task)!.state).toBe('failed');
    await eventually('3 containers again', () => settledAt('heal_web', 3));
  });

  it('heals a killed host on the other hosts, and runs nothing twice once it returns', async () => {
    await testbed.shoal(['service', 'scale', 'heal_web=6']);
    await eventually('6 running', () => settledAt('heal_web', 6));
    const killedAt = Date.now();
    await testbed.kill('host2');
    const healMs = await eventually(
      'all 6 running on host1 and host3',
      async () => {
        const t = await testbed.runningTasks('heal_web');
        return t.length === 6 && t.every((x) => x.node !== 'host2');
      },
      30_000,
    );
    console.log(
      `heal time after killing host2: ${((Date.now() - killedAt) / 1000).toFixed(2)} s ` +
        `(polled: ${(healMs / 1000).toFixed(2)} s)`,
    );
    expect((await testbed.nodes()).find((n) => n.hostname === 'host2')!.status).toBe('down');

    await testbed.revive('host2');
    await eventually(
      'host2 ready',
      async () => (await testbed.nodes()).find((n) => n.hostname === 'host2')!.status === 'ready',
    );
    await eventually(
      '6 containers, none twice, none left on host2',
      async () => (await settledAt('heal_web', 6)) && (await containersOn('host2', 'heal_web')).length === 0,
      60_000,
    );
  });

  it('restarts an agent without restarting or duplicating any container', async () => {
    const before = await containersOn('host3', 'heal_web');
    expect(before.length).toBeGreaterThan(0);
    await testbed.stopAgent('host3');
    // A container of no assigned task: the new agent's worker removes it in its first tick with the
    // complete set, the tick that would restart or duplicate the running ones if it were to.
    const stray = (
      await testbed.docker('host3', ['create', '--label', 'shoal.task=stray', 'busybox:latest', 'true'])
    ).trim();
    await testbed.startAgent('host3');
    await eventually(
      'host3 ready',
      async () => (await testbed.nodes()).find((n) => n.hostname === 'host3')!.status === 'ready',
    );
    await eventually(
      'the stray container removed by the first tick',
      async () => (await testbed.docker('host3', ['ps', '-aq', '--no-trunc', '--filter', `id=${stray}`])).trim() === '',
    );
    const after = await containersOn('host3', 'heal_web');
    expect(after.map((c) => [c.id, c.startedAt]).sort()).toEqual(before.map((c) => [c.id, c.startedAt]).sort());
    expect(await settledAt('heal_web', 6)).toBe(true);
  });

  it('restarts the manager: nothing is lost and the agents reconnect', async () => {
    const before = (await testbed.runningTasks('heal_web')).map((t) => t.id).sort();
    await testbed.stopManager();
    await testbed.startManager();
    await eventually(
      '3 nodes ready',
      async () => (await testbed.nodes()).filter((n) => n.status === 'ready').length === 3,
    );
    expect((await testbed.runningTasks('heal_web')).map((t) => t.id).sort()).toEqual(before);
    const r = await testbed.shoal(['service', 'scale', 'heal_web=7']);
    expect(r.code, r.stderr).toBe(0);
    await eventually('7 running', () => settledAt('heal_web', 7));
  });
});
