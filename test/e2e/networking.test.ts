// End to end on the testbed: overlay networks, service DNS and VIPs across three hosts. Stack
// `net`: `web` (3 busybox httpd replicas, one per host, each serving its own hostname), `client`
// (on host1) and `gate` (healthy while /tmp/ok exists), on the overlay net_default. Stack `other`:
// `secret`, global (one per host), on its own overlay. Stack `sealed`: `probe` on host1, on an
// internal overlay. Every probe runs inside a container on host1, through host1's engine.
import { createServer, type Server } from 'node:net';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { rpsMask } from '../../agent/network/overlay-names';
import { eventually, testbed } from '../../testkit/testbed';
import { httpdServing } from '../fixtures/stacks';
import { useTestbed } from './setup';

const HOSTS = ['host1', 'host2', 'host3'];
/** Connections tried through the VIP before giving up on seeing two replicas: (1/3)^29 chance of a false failure. */
const VIP_TRIES = 30;
/** "DNS and VIPs follow within a few seconds". */
const FOLLOW_MS = 5000;

// httpd as PID 1 ignores SIGTERM: a 1 s grace period keeps scale-downs quick.
const httpd = httpdServing(80, '$$(hostname)');
const NET_STACK = `services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "${httpd}"]
    stop_grace_period: 1s
    deploy:
      replicas: 3
      restart_policy: { delay: 0s }
  client:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    deploy:
      placement:
        constraints: ["node.hostname == host1"]
  gate:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ok"]
      interval: 1s
      timeout: 1s
      retries: 1
      start_period: 120s
    deploy:
      restart_policy: { delay: 0s }
`;
const OTHER_STACK = `services:
  secret:
    image: busybox:latest
    command: ["sh", "-c", "${httpd}"]
    stop_grace_period: 1s
    deploy:
      mode: global
`;

const SEALED_STACK = `services:
  probe:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    networks: [inner]
    deploy:
      placement:
        constraints: ["node.hostname == host1"]
networks:
  inner:
    internal: true
`;

interface WebContainer {
  host: string;
  id: string;
  task: string;
  hostname: string;
  ip: string;
}

/** Running containers of `service` on `hosts` (all by default), as the hosts' engines see them. */
async function containers(service: string, hosts = HOSTS): Promise<WebContainer[]> {
  const perHost = await Promise.all(
    hosts.map(async (host) => {
      const ids = (await testbed.docker(host, ['ps', '-q', '--filter', `label=shoal.service=${service}`]))
        .trim()
        .split('\n')
        .filter(Boolean);
      if (ids.length === 0) return [];
      const format =
        '{{.Id}} {{index .Config.Labels "shoal.task"}} {{.Config.Hostname}} ' +
        '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}';
      const out = await testbed.docker(host, ['inspect', '--format', format, ...ids]);
      return out
        .trim()
        .split('\n')
        .map((line) => {
          const [id, task, hostname, ip] = line.split(' ');
          return { host, id: id!, task: task!, hostname: hostname!, ip: ip! };
        });
    }),
  );
  return perHost.flat();
}

/** `n` running tasks, each with exactly one running container. */
async function settled(service: string, n: number): Promise<boolean> {
  const [tasks, running] = await Promise.all([testbed.runningTasks(service), containers(service)]);
  return tasks.length === n && running.length === n && tasks.every((t) => running.some((c) => c.task === t.id));
}

let clientId = '';
/** The stdout of a command in the client container; '' when it exits non-zero. */
const inClient = (cmd: string[]) => inContainer(clientId, cmd);
const inContainer = (id: string, cmd: string[]) => testbed.docker('host1', ['exec', id, ...cmd]).catch(() => '');

/** The IPv4 answers busybox nslookup prints for `name` (the server's own "Address: 127.0.0.11:53" line has a port). */
async function resolve(name: string): Promise<string[]> {
  const out = await inClient(['nslookup', name]);
  return [...out.matchAll(/^Address:\s+(\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]!).sort();
}

/**
 * The task addresses the client container's VIP rules send `vip` to, sorted: the agent's nft table in
 * the container's own namespace, read from host1.
 */
async function vipBackends(vip: string): Promise<string[]> {
  const pid = (await testbed.docker('host1', ['inspect', '-f', '{{.State.Pid}}', clientId])).trim();
  const table = await testbed.exec('host1', [
    'nsenter',
    `--net=/proc/${pid}/ns/net`,
    'nft',
    'list',
    'table',
    'ip',
    'shoal',
  ]);
  const rule = table.stdout.split('\n').find((l) => l.includes(`ip daddr ${vip} `) && l.includes('dnat'));
  const dnat = rule?.slice(rule.indexOf('dnat')) ?? '';
  return [...new Set([...dnat.matchAll(/\d+\.\d+\.\d+\.\d+/g)].map((m) => m[0]))].sort();
}

/** The body a replica serves (its hostname), or undefined when the connection fails. */
async function get(target: string): Promise<string | undefined> {
  const out = await inClient(['sh', '-c', `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${target} 80`]);
  return out.split('\r\n\r\n')[1]?.trim() || undefined;
}

async function deploy(name: string, yaml: string): Promise<void> {
  const r = await testbed.shoal(['stack', 'deploy', '-c', stackFiles.write(`${name}.yml`, yaml), '--detach', name]);
  expect(r.code, r.stderr).toBe(0);
}

const sortedIps = (cs: WebContainer[]) => cs.map((c) => c.ip).sort();

const stackFiles = useTestbed({
  name: 'net',
  setup: async () => {
    await deploy('net', NET_STACK);
    await deploy('other', OTHER_STACK);
    await eventually(
      'web 3, client 1, secret 3 running',
      async () =>
        (await settled('net_web', 3)) && (await settled('net_client', 1)) && (await settled('other_secret', 3)),
      60_000,
    );
    [{ id: clientId }] = await containers('net_client');
  },
});

describe('overlay networks, DNS and VIPs across hosts', () => {
  it('places one web replica per host, each with an overlay address', async () => {
    const web = await containers('net_web');
    expect(web.map((c) => c.host).sort()).toEqual(HOSTS);
    for (const c of web) expect(c.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('resolves tasks.web to exactly the running tasks and web to a VIP that is none of them', async () => {
    const web = await containers('net_web');
    expect(await resolve('tasks.web')).toEqual(sortedIps(web));
    expect(await resolve('tasks.net_web')).toEqual(sortedIps(web));
    const vip = await resolve('web');
    expect(vip).toHaveLength(1);
    expect(sortedIps(web)).not.toContain(vip[0]);
    const inspect = await testbed.shoal(['service', 'inspect', 'net_web']);
    const { virtualIps } = JSON.parse(inspect.stdout) as { virtualIps: { network: string; address: string }[] };
    expect(virtualIps.map((v) => v.address.split('/')[0])).toEqual(vip);
  });

  it('reaches the replica on every other host over TCP across the VXLAN', async () => {
    for (const c of (await containers('net_web')).filter((x) => x.host !== 'host1')) {
      expect(await get(c.ip), `web on ${c.host}`).toBe(c.hostname);
    }
  });

  it('balances connections to the VIP over more than one replica', async () => {
    const hostnames = (await containers('net_web')).map((c) => c.hostname);
    const seen = new Set<string | undefined>();
    for (let i = 0; i < VIP_TRIES && seen.size < 2; i++) seen.add(await get('web'));
    expect(seen.size).toBeGreaterThan(1);
    for (const h of seen) expect(hostnames).toContain(h);
  });

  it('after scaling web to 1, DNS and the VIP lead only to the remaining task within seconds', async () => {
    const r = await testbed.shoal(['service', 'scale', 'net_web=1']);
    expect(r.code, r.stderr).toBe(0);
    await eventually('one web container', () => settled('net_web', 1));
    const [left] = await containers('net_web');
    const ms = await eventually(
      'tasks.web is the remaining task',
      async () => (await resolve('tasks.web')).join() === left!.ip,
      FOLLOW_MS,
    );
    console.log(`tasks.web followed the scale-down ${ms} ms after it converged`);
    for (let i = 0; i < 5; i++) expect(await get('web')).toBe(left!.hostname);
  });

  it('after a task container is killed, no answer points at it, and the replacement is added', async () => {
    expect((await testbed.shoal(['service', 'scale', 'net_web=2'])).code).toBe(0);
    await eventually('two web containers', () => settled('net_web', 2));
    await eventually('tasks.web has both', async () => (await resolve('tasks.web')).length === 2, FOLLOW_MS);
    const victim = (await containers('net_web')).find((c) => c.host !== 'host1') ?? (await containers('net_web'))[0]!;
    await testbed.docker(victim.host, ['kill', victim.id]);
    const killedAt = Date.now();
    await eventually(
      'the dead task leaves tasks.web',
      async () => !(await resolve('tasks.web')).includes(victim.ip),
      FOLLOW_MS,
    );
    console.log(`tasks.web dropped the killed task within ${Date.now() - killedAt} ms`);
    await eventually('a replacement runs', () => settled('net_web', 2));
    const web = await containers('net_web');
    await eventually(
      'tasks.web is the two live tasks',
      async () => (await resolve('tasks.web')).join() === sortedIps(web).join(),
      FOLLOW_MS,
    );
    const hostnames = web.map((c) => c.hostname);
    for (let i = 0; i < 6; i++) expect(hostnames).toContain(await get('web'));
    // The dead task's address may be reused by its replacement; only then may it be answered.
    if (!web.some((c) => c.ip === victim.ip)) expect(await resolve('tasks.web')).not.toContain(victim.ip);
  });

  it(
    'a task is a DNS answer only while its healthcheck passes; ' + 'one turning unhealthy is failed and replaced',
    async () => {
      const live = async () => (await testbed.tasks('net_gate')).filter((t) => t.desiredState === 'running');
      await eventually('gate starting: its check has never passed', async () =>
        (await live()).some((t) => t.state === 'starting'),
      );
      expect(await resolve('tasks.gate')).toEqual([]);
      const [gate] = await containers('net_gate');
      await testbed.docker(gate!.host, ['exec', gate!.id, 'touch', '/tmp/ok']);
      await eventually('gate running once healthy', async () =>
        (await live()).some((t) => t.id === gate!.task && t.state === 'running'),
      );
      await eventually(
        'tasks.gate is its address',
        async () => (await resolve('tasks.gate')).join() === gate!.ip,
        FOLLOW_MS,
      );

      await testbed.docker(gate!.host, ['exec', gate!.id, 'rm', '/tmp/ok']);
      await eventually('the task failed as unhealthy', async () =>
        (await testbed.tasks('net_gate')).some(
          (t) => t.id === gate!.task && t.state === 'failed' && t.error === 'unhealthy container',
        ),
      );
      await eventually('a replacement in its slot, starting again', async () =>
        (await live()).some((t) => t.id !== gate!.task && t.state === 'starting'),
      );
      await eventually(
        'tasks.gate has no answer again',
        async () => (await resolve('tasks.gate')).length === 0,
        FOLLOW_MS,
      );
      await eventually(
        'the unhealthy container stopped',
        async () => !(await containers('net_gate')).some((c) => c.id === gate!.id),
      );
    },
  );

  it('a container on one overlay can neither resolve nor reach a service on another', async () => {
    expect(await resolve('secret')).toEqual([]);
    expect(await resolve('other_secret')).toEqual([]);
    const secrets = await containers('other_secret');
    expect(secrets).toHaveLength(3);
    // On host1 (another bridge on the same host) and on host2 (across the underlay).
    for (const s of secrets.filter((c) => c.host !== 'host3'))
      expect(await get(s.ip), `secret on ${s.host}`).toBeUndefined();
  });

  it('a task on an overlay reaches outside through its host; nothing on an internal overlay gets out', async () => {
    // Outside: the testbed's root namespace, .1 on the underlay bridge (deploy/lib/testbed-net.sh).
    const outside = testbed.hosts[0]!.address.replace(/\.\d+$/, '.1');
    const peers: string[] = [];
    const server: Server = createServer((socket) => {
      peers.push(socket.remoteAddress ?? '');
      socket.end('hello from outside\n');
    });
    await new Promise<void>((listening) => server.listen(0, outside, listening));
    const { port } = server.address() as { port: number };
    try {
      const reply = await inClient(['nc', '-w', '3', outside, String(port)]);
      expect(reply.trim()).toBe('hello from outside');
      // Masqueraded: the outside sees host1's underlay address, never the task's overlay address.
      expect(peers).toEqual([testbed.hosts[0]!.address]);

      await deploy('sealed', SEALED_STACK);
      await eventually('probe running', () => settled('sealed_probe', 1));
      const [probe] = await containers('sealed_probe');
      // As with Docker's internal networks the container keeps its gateway route, but nothing is
      // forwarded out of its bridge: the connection never reaches the outside.
      expect(await inContainer(probe!.id, ['nc', '-w', '3', outside, String(port)])).toBe('');
      expect(peers).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('after a host is killed, DNS and the VIP lead only to live tasks within seconds', async () => {
    expect((await testbed.shoal(['service', 'scale', 'net_web=3'])).code).toBe(0);
    await eventually('three web containers', () => settled('net_web', 3));
    await eventually('tasks.web has all three', async () => (await resolve('tasks.web')).length === 3, FOLLOW_MS);
    const lost = (await containers('net_web')).filter((c) => c.host === 'host2');
    expect(lost.length).toBeGreaterThan(0);
    const killedAt = Date.now();
    await testbed.kill('host2');
    try {
      // The manager notices the silent host after its 1 s node timeout; DNS follows within FOLLOW_MS of that.
      await eventually(
        'no answer points at host2',
        async () => !(await resolve('tasks.web')).some((ip) => lost.some((c) => c.ip === ip)),
        FOLLOW_MS + 5000,
      );
      console.log(`tasks.web dropped host2's tasks ${Date.now() - killedAt} ms after the kill`);
      await eventually(
        'three running off host2',
        async () => (await testbed.runningTasks('net_web')).filter((t) => t.node !== 'host2').length === 3,
      );
      const live = await containers('net_web', ['host1', 'host3']);
      await eventually(
        'tasks.web is the three live tasks',
        async () => (await resolve('tasks.web')).join() === sortedIps(live).join(),
        FOLLOW_MS,
      );
      // A backend joining a VIP is applied at most every 2 s per client (VIP_JOIN_DELAY_MS): connect once
      // the client's rules lead to exactly the live tasks, so every connection must reach one of them.
      const [vip] = await resolve('web');
      await eventually(
        'the VIP leads to exactly the three live tasks',
        async () => (await vipBackends(vip!)).join() === sortedIps(live).join(),
        FOLLOW_MS,
      );
      const hostnames = live.map((c) => c.hostname);
      for (let i = 0; i < 6; i++) expect(hostnames).toContain(await get('web'));
    } finally {
      await testbed.revive('host2');
    }
    await eventually('host2 ready', async () => (await testbed.nodes()).every((n) => n.status === 'ready'));
  });

  it('every VXLAN device hands what it decapsulates to the CPUs of its RPS mask', async () => {
    const masks: string[] = [];
    for (const host of HOSTS) {
      for (const [dev, mask] of await testbed.vxlanRpsMasks(host)) masks.push(`${host} ${dev} ${mask}`);
    }
    // Each host with tasks on an overlay has its device (the stacks above span all three hosts).
    expect(new Set(masks.map((m) => m.split(' ')[0])).size, masks.join('; ')).toBeGreaterThanOrEqual(2);
    for (const m of masks) expect(m.split(' ')[2], m).toBe(rpsMask(availableParallelism()) ?? '0');
  });

  it('stack rm removes every bridge, VXLAN device, Docker network and isolation table from every host', async () => {
    for (const stack of ['net', 'other', 'sealed']) expect((await testbed.shoal(['stack', 'rm', stack])).code).toBe(0);
    await eventually(
      'no overlay devices or networks left',
      async () => {
        for (const host of HOSTS) {
          const links = await testbed.exec(host, ['ip', '-o', 'link']);
          if (/shbr|shvx/.test(links.stdout)) return false;
          const networks = (await testbed.docker(host, ['network', 'ls', '--format', '{{.Name}}']))
            .trim()
            .split('\n')
            .sort();
          if (networks.join() !== 'bridge,host,none') return false;
          const tables = await testbed.exec(host, ['nft', 'list', 'tables']);
          if (tables.stdout.includes('shoal_isolation')) return false;
        }
        return true;
      },
      20_000,
    );
  });
});
