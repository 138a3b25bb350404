// The testbed itself: hosts with engines on one underlay, a ready node per host, a host that is
// killed and revived, and nothing left after `down`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../testkit/eventually';
import { run, testbed } from '../../testkit/testbed';

/** What deploy/testbed creates, by name, to check that `down` removes it. */
const TESTBED_DIR = '/run/shoal-testbed';
const BRIDGE = 'shoal-br0';
const NETNS = /^shoal-host\d+$/;

/** A node is down after the manager's 1 s node timeout; the rest is slack for a loaded machine. */
const NODE_DOWN_MS = 15_000;
/** A revived agent registers within a second of starting. */
const NODE_READY_MS = 20_000;

async function nodeStatus(host: string): Promise<string | undefined> {
  return (await testbed.nodes()).find((n) => n.hostname === host)?.status;
}

/** Alive and not a zombie (PID 1 here is no init and reaps orphans only now and then). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function processesOfTestbed(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(`${TESTBED_DIR}/`)) found.push(`${pid} ${cmdline}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

describe('deploy/testbed', () => {
  beforeAll(() => testbed.up(3), 120_000);
  afterAll(() => testbed.down(), 60_000);

  it('runs an engine with busybox:latest on every host', async () => {
    expect(testbed.hosts.map((h) => h.name)).toEqual(['host1', 'host2', 'host3']);
    for (const host of testbed.hosts) {
      expect(await testbed.docker(host.name, ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).toContain(
        'busybox:latest',
      );
    }
  });

  it('connects every host to every other over the underlay', async () => {
    for (const from of testbed.hosts) {
      for (const to of testbed.hosts.filter((h) => h !== from)) {
        const r = await testbed.exec(from.name, ['busybox', 'ping', '-c', '1', '-W', '2', to.address]);
        expect(r.code, `${from.name} -> ${to.name}: ${r.stdout}${r.stderr}`).toBe(0);
      }
    }
  });

  it('has a ready node per host: host1 a manager, the others workers', async () => {
    const nodes = await testbed.nodes();
    expect(nodes.map((n) => [n.hostname, n.status, n.role])).toEqual([
      ['host1', 'ready', 'manager'],
      ['host2', 'ready', 'worker'],
      ['host3', 'ready', 'worker'],
    ]);
  });

  it('kills a host with its engine and containers, and revives it', async () => {
    await testbed.docker('host2', ['run', '-d', '--name', 'sleeper', 'busybox:latest', 'sleep', '600']);
    const pid = Number((await testbed.docker('host2', ['inspect', '--format', '{{.State.Pid}}', 'sleeper'])).trim());
    expect(isRunning(pid)).toBe(true);

    await testbed.kill('host2');
    expect(isRunning(pid)).toBe(false);
    await expect(testbed.docker('host2', ['version'])).rejects.toThrow();
    expect(
      (await testbed.exec('host1', ['busybox', 'ping', '-c', '1', '-W', '1', testbed.hosts[1]!.address])).code,
    ).not.toBe(0);
    await eventually('host2 down', async () => (await nodeStatus('host2')) === 'down', NODE_DOWN_MS);

    await testbed.revive('host2');
    expect(await testbed.docker('host2', ['version', '--format', '{{.Server.Version}}'])).not.toBe('');
    await eventually('host2 ready again', async () => (await nodeStatus('host2')) === 'ready', NODE_READY_MS);
  }, 60_000);

  it('leaves no namespace, bridge, process or mount after down', async () => {
    await testbed.down();
    expect((await run(['ip', 'netns', 'list'])).stdout.split('\n').filter((l) => NETNS.test(l.split(' ')[0]!))).toEqual(
      [],
    );
    expect((await run(['ip', 'link', 'show', BRIDGE])).code).not.toBe(0);
    expect(processesOfTestbed()).toEqual([]);
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .filter((l) => l.includes(TESTBED_DIR) || /\/run\/netns\/shoal-host/.test(l));
    expect(mounts).toEqual([]);
    expect(existsSync(TESTBED_DIR)).toBe(false);
  }, 30_000);
});
