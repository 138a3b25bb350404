// End to end on the testbed: overlay networks, service DNS and VIPs across three hosts. Stack `net`:
// `web` (3 busybox httpd replicas, one per host, each serving its own hostname) and `client` (on
// host1), on the overlay net_default. Stack `other`: `secret`, global (one per host), on its own
// overlay. Every probe runs inside the client container on host1, through host1's engine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskJson } from '../../cli/render/tasks';
import { eventually as poll } from '../eventually';

/** End-to-end waits: clusters converge in seconds, and each check runs CLI or docker commands. */
const eventually = (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => poll(what, check, timeoutMs, 200);
import { testbed } from './testbed';

const HOSTS = ['host1', 'host2', 'host3'];
const dir = mkdtempSync(path.join(tmpdir(), 'shoal-e2e-net-'));
/** Connections tried through the VIP before giving up on seeing two replicas: (1/3)^29 chance of a false failure. */
const VIP_TRIES = 30;
/** "DNS and VIPs follow within a few seconds". */
const FOLLOW_MS = 5000;

// httpd as PID 1 ignores SIGTERM: a 1 s grace period keeps scale-downs quick.
const httpd = 'mkdir -p /www; hostname > /www/index.html; exec httpd -f -p 80 -h /www';
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
`;
const OTHER_STACK = `services:
  secret:
    image: busybox:latest
    command: ["sh", "-c", "${httpd}"]
    stop_grace_period: 1s
    deploy:
      mode: global
`;

interface WebContainer {
  host: string;
  id: string;
  task: string;
  hostname: string;
  ip: string;
}

/** Running containers of `service` on every host, as the hosts' engines see them. */
async function containers(service: string): Promise<WebContainer[]> {
  const perHost = await Promise.all(
    HOSTS.map(async (host) => {
      const ids = (await testbed.docker(host, ['ps', '-q', '--filter', `label=shoal.service=${service}`])).trim().split('\n').filter(Boolean);
      if (ids.length === 0) return [];
      const format = '{{.Id}} {{index .Config.Labels "shoal.task"}} {{.Config.Hostname}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}';
      const out = await testbed.docker(host, ['inspect', '--format', format, ...ids]);
      return out.trim().split('\n').map((line) => {
        const [id, task, hostname, ip] = line.split(' ');
        return { host, id: id!, task: task!, hostname: hostname!, ip: ip! };
      });
    }),
  );
  return perHost.flat();
}

async function runningTasks(service: string): Promise<TaskJson[]> {
  const r = await testbed.shoal(['service', 'ps', service, '--format', 'json']);
  if (r.code !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as TaskJson[]).filter((t) => t.desiredState === 'running' && t.state === 'running');
}

/** `n` running tasks, each with exactly one running container. */
async function settled(service: string, n: number): Promise<boolean> {
  const [tasks, running] = await Promise.all([runningTasks(service), containers(service)]);
  return tasks.length === n && running.length === n && tasks.every((t) => running.some((c) => c.task === t.id));
}

let clientId = '';
/** The stdout of a command in the client container; '' when it exits non-zero. */
const inClient = (cmd: string[]) => testbed.docker('host1', ['exec', clientId, ...cmd]).catch(() => '');

/** The IPv4 answers busybox nslookup prints for `name` (the server's own "Address: 127.0.0.11:53" line has a port). */
async function resolve(name: string): Promise<string[]> {
  const out = await inClient(['nslookup', name]);
  return [...out.matchAll(/^Address:\s+(\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]!).sort();
}

/** The body a replica serves (its hostname), or undefined when the connection fails. */
async function get(target: string): Promise<string | undefined> {
  const out = await inClient(['sh', '-c', `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${target} 80`]);
  return out.split('\r\n\r\n')[1]?.trim() || undefined;
}

async function deploy(name: string, yaml: string): Promise<void> {
  writeFileSync(path.join(dir, `${name}.yml`), yaml);
  const r = await testbed.shoal(['stack', 'deploy', '-c', path.join(dir, `${name}.yml`), '--detach', name]);
  expect(r.code, r.stderr).toBe(0);
}

const sortedIps = (cs: WebContainer[]) => cs.map((c) => c.ip).sort();

beforeAll(async () => {
  await testbed.up(3);
  await deploy('net', NET_STACK);
  await deploy('other', OTHER_STACK);
  await eventually('web 3, client 1, secret 3 running', async () => (await settled('net_web', 3)) && (await settled('net_client', 1)) && (await settled('other_secret', 3)), 60_000);
  [{ id: clientId }] = await containers('net_client');
}, 180_000);

afterAll(async () => {
  await testbed.down();
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

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
    const ms = await eventually('tasks.web is the remaining task', async () => (await resolve('tasks.web')).join() === left!.ip, FOLLOW_MS);
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
    await eventually('the dead task leaves tasks.web', async () => !(await resolve('tasks.web')).includes(victim.ip), FOLLOW_MS);
    console.log(`tasks.web dropped the killed task within ${Date.now() - killedAt} ms`);
    await eventually('a replacement runs', () => settled('net_web', 2));
    const web = await containers('net_web');
    await eventually('tasks.web is the two live tasks', async () => (await resolve('tasks.web')).join() === sortedIps(web).join(), FOLLOW_MS);
    const hostnames = web.map((c) => c.hostname);
    for (let i = 0; i < 6; i++) expect(hostnames).toContain(await get('web'));
    // The dead task's address may be reused by its replacement; only then may it be answered.
    if (!web.some((c) => c.ip === victim.ip)) expect(await resolve('tasks.web')).not.toContain(victim.ip);
  });

  it('a container on one overlay can neither resolve nor reach a service on another', async () => {
    expect(await resolve('secret')).toEqual([]);
    expect(await resolve('other_secret')).toEqual([]);
    const secrets = await containers('other_secret');
    expect(secrets).toHaveLength(3);
    // On host1 (another bridge on the same host) and on host2 (across the underlay).
    for (const s of secrets.filter((c) => c.host !== 'host3')) expect(await get(s.ip), `secret on ${s.host}`).toBeUndefined();
  });

  it('stack rm removes every bridge, VXLAN device, Docker network and isolation table from every host', async () => {
    for (const stack of ['net', 'other']) expect((await testbed.shoal(['stack', 'rm', stack])).code).toBe(0);
    await eventually(
      'no overlay devices or networks left',
      async () => {
        for (const host of HOSTS) {
          const links = await testbed.exec(host, ['ip', '-o', 'link']);
          if (/shbr|shvx/.test(links.stdout)) return false;
          const networks = (await testbed.docker(host, ['network', 'ls', '--format', '{{.Name}}'])).trim().split('\n').sort();
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
