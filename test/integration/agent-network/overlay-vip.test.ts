// Two "hosts" (network namespaces A and B joined by a veth on 192.0.2.0/24, TEST-NET-1) run
// OverlayDevices with the real ExecCommandRunner. A bridge made here stands in for the one Docker makes.
// "Containers" are namespaces with a veth end in a host's bridge, an overlay address and the derived
// MAC: cA (10.0.3.5) and cC (10.0.3.7) on A, cB (10.0.3.6) on B. cA and cB run busybox servers that
// answer with their name; cC gets the VIP rules. Everything is torn down afterwards.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecCommandRunner } from '../../../agent/network/ip';
import { rpsMask } from '../../../agent/network/overlay-names';
import { taskMac } from '../../../domain/address';
import { OverlayDevices } from '../../../agent/network/overlay';
import { planVipRules } from '../../../agent/network/vip-plan';
import { applyVipRules } from '../../../agent/network/vip';
import { makeEndpoint, makePeer, makeView, port } from '../../unit/agent/network/network-views';

const exec = promisify(execFile);
const sh = (...argv: string[]) => exec(argv[0], argv.slice(1), { timeout: 10_000 }).then((r) => r.stdout);
/** Runs argv inside namespace `ns`; resolves with stdout, or with the error (tests look at both). */
const inNs = (ns: string, ...argv: string[]) => sh('ip', 'netns', 'exec', ns, ...argv);

const tag = `${process.pid % 100000}`;
const NS = {
  a: `shoal-a-${tag}`,
  b: `shoal-b-${tag}`,
  ca: `shoal-ca-${tag}`,
  cb: `shoal-cb-${tag}`,
  cc: `shoal-cc-${tag}`,
  cd: `shoal-cd-${tag}`,
};
const HOST_A = '192.0.2.1';
const HOST_B = '192.0.2.2';
const UNDERLAY_MTU = 1500;
/** This machine's CPUs, as the agent counts them. */
const CPUS = availableParallelism();
const VNI = 4097;
/** Connections tried through the VIP before giving up on seeing both backends: (1/2)^29 chance of a false failure. */
const VIP_TRIES = 30;

/** `ip netns exec` joins its namespace in milliseconds; 100 polls of 20 ms is 2 s, ample under load. */
const NS_JOIN_POLLS = 100;
const NS_JOIN_POLL_MS = 20;

const runnerA = new ExecCommandRunner({ prefix: ['nsenter', `--net=/run/netns/${NS.a}`] });
const runnerB = new ExecCommandRunner({ prefix: ['nsenter', `--net=/run/netns/${NS.b}`] });

const view = (peers = [makePeer(HOST_A, ['10.0.3.5', '10.0.3.7']), makePeer(HOST_B, ['10.0.3.6'])]) =>
  makeView({
    vni: VNI,
    peers,
    services: [
      makeEndpoint({ name: 'web_app', vip: '10.0.3.2', ports: [port(8080)], taskIps: ['10.0.3.5', '10.0.3.6'] }),
      makeEndpoint({
        serviceId: 'svc2',
        name: 'web_idle',
        shortName: 'idle',
        vip: '10.0.3.3',
        ports: [port(8080)],
        taskIps: [],
      }),
    ],
  });

const children: ChildProcess[] = [];
function background(ns: string, ...argv: string[]): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/**
 * Waits until process `pid` has entered namespace `ns` (`ip netns exec` joins it only after the spawn
 * returns); nsenter on its /proc entry before that would act on the test's own namespace.
 */
async function untilInNamespace(pid: number, ns: string): Promise<void> {
  const want = statSync(`/run/netns/${ns}`).ino;
  for (let i = 0; i < NS_JOIN_POLLS; i++) {
    if (statSync(`/proc/${pid}/ns/net`).ino === want) return;
    await new Promise((resolve) => setTimeout(resolve, NS_JOIN_POLL_MS));
  }
  throw new Error(`process ${pid} did not enter namespace ${ns}`);
}

/** IPv4 fragments a namespace has made (FragCreates in /proc/net/snmp). */
async function fragmentsCreated(ns: string): Promise<number> {
  const [names, values] = (await inNs(ns, 'cat', '/proc/net/snmp')).split('\n').filter((l) => l.startsWith('Ip:'));
  return Number(values.split(/\s+/)[names.split(/\s+/).indexOf('FragCreates')]);
}

/** A "container": namespace `ns` with eth0 in host `host`'s bridge, an overlay address and the task MAC. */
async function container(host: string, ns: string, hostEnd: string, ip: string): Promise<void> {
  await sh(
    'ip',
    '-n',
    host,
    'link',
    'add',
    hostEnd,
    'mtu',
    '1450',
    'type',
    'veth',
    'peer',
    'name',
    'eth0',
    'netns',
    ns,
  );
  await sh('ip', '-n', ns, 'link', 'set', 'eth0', 'address', taskMac(ip), 'mtu', '1450', 'up');
  await sh('ip', '-n', ns, 'addr', 'add', `${ip}/24`, 'dev', 'eth0');
  await sh('ip', '-n', host, 'link', 'set', hostEnd, 'master', `shbr${VNI}`, 'up');
}

describe('overlay across two hosts, and VIP balancing', () => {
  beforeAll(async () => {
    for (const ns of Object.values(NS)) {
      await sh('ip', 'netns', 'add', ns);
      await sh('ip', '-n', ns, 'link', 'set', 'lo', 'up');
    }
    await sh('ip', '-n', NS.a, 'link', 'add', 'ul0', 'type', 'veth', 'peer', 'name', 'ul0', 'netns', NS.b);
    for (const [ns, address] of [
      [NS.a, HOST_A],
      [NS.b, HOST_B],
    ]) {
      await sh('ip', '-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'ul0');
      await sh('ip', '-n', ns, 'link', 'set', 'ul0', 'mtu', String(UNDERLAY_MTU), 'up');
      // What Docker makes for the overlay's network: the bridge with the gateway address.
      await sh('ip', '-n', ns, 'link', 'add', `shbr${VNI}`, 'mtu', '1450', 'type', 'bridge');
      await sh('ip', '-n', ns, 'addr', 'add', '10.0.3.1/24', 'dev', `shbr${VNI}`);
      await sh('ip', '-n', ns, 'link', 'set', `shbr${VNI}`, 'up');
    }
    await container(NS.a, NS.ca, 've5', '10.0.3.5');
    await container(NS.a, NS.cc, 've7', '10.0.3.7');
    await container(NS.b, NS.cb, 've6', '10.0.3.6');
    background(NS.ca, 'busybox', 'nc', '-ll', '-p', '8080', '-e', 'echo', 'alpha');
    background(NS.cb, 'busybox', 'nc', '-ll', '-p', '8080', '-e', 'echo', 'bravo');
  });

  afterAll(async () => {
    for (const c of children) c.kill();
    for (const ns of Object.values(NS)) await sh('ip', 'netns', 'del', ns).catch(() => undefined);
  });

  it('OverlayDevices sets up both hosts, and a second pass, remembered or read afresh, plans nothing', async () => {
    const input = (localAddress: string) => ({
      desired: [view()],
      localAddress,
      underlayMtu: UNDERLAY_MTU,
      cpuCount: CPUS,
    });
    const devicesA = new OverlayDevices(runnerA);
    const firstA = await devicesA.ensure(input(HOST_A));
    const firstB = await new OverlayDevices(runnerB).ensure(input(HOST_B));
    expect(firstA.commands.map((c) => c.join(' '))).toContain(
      `ip neigh replace 10.0.3.6 lladdr 02:42:0a:00:03:06 dev shvx${VNI} nud permanent`,
    );
    expect(firstB.commands.map((c) => c.join(' '))).toContain(
      `ip neigh replace 10.0.3.7 lladdr 02:42:0a:00:03:07 dev shvx${VNI} nud permanent`,
    );
    expect((await devicesA.ensure(input(HOST_A))).commands).toEqual([]);
    const readA = await new OverlayDevices(runnerA).ensure(input(HOST_A));
    expect(readA).toMatchObject({ commands: [], waiting: [] });
    // What the first pass remembered is what the host has, as far as the planner looks.
    const ours = (s: typeof readA.after) => ({
      links: s.links.filter((l) => l.vxlan),
      fdb: s.fdb,
      neigh: s.neigh.filter((n) => n.permanent),
    });
    expect(sortState(ours(firstA.after))).toEqual(sortState(ours(readA.after)));
    expect((await new OverlayDevices(runnerB).ensure(input(HOST_B))).commands).toEqual([]);
    // Each new device spreads what it decapsulates over the host's CPUs (the kernel's default is none).
    for (const ns of [NS.a, NS.b])
      expect((await inNs(ns, 'cat', `/sys/class/net/shvx${VNI}/queues/rx-0/rps_cpus`)).trim()).toBe(
        rpsMask(CPUS) ?? '0',
      );
  });

  it('a container on A pings one on B across the VXLAN, learning its derived MAC', async () => {
    await inNs(NS.ca, 'busybox', 'ping', '-c', '1', '-W', '2', '10.0.3.6');
    expect(await inNs(NS.ca, 'ip', 'neigh', 'show', '10.0.3.6')).toContain('lladdr 02:42:0a:00:03:06');
  });

  it('full-size overlay packets (MTU 1450) cross a 1500-byte underlay unfragmented', async () => {
    const before = await fragmentsCreated(NS.a);
    // 1422 bytes of ICMP payload + 8 ICMP + 20 IP = 1450, the overlay MTU; wrapped, 1500 on the underlay.
    await inNs(NS.ca, 'busybox', 'ping', '-c', '1', '-W', '2', '-s', '1422', '10.0.3.6');
    expect(await fragmentsCreated(NS.a)).toBe(before);
    // One byte more than the overlay MTU is fragmented in the container, never on the underlay.
    const inContainer = await fragmentsCreated(NS.ca);
    await inNs(NS.ca, 'busybox', 'ping', '-c', '1', '-W', '2', '-s', '1423', '10.0.3.6');
    expect(await fragmentsCreated(NS.ca)).toBeGreaterThan(inContainer);
    expect(await fragmentsCreated(NS.a)).toBe(before);
  });

  it('TCP across the overlay: nc reaches the server on B', async () => {
    expect((await inNs(NS.ca, 'busybox', 'nc', '-w', '2', '10.0.3.6', '8080')).trim()).toBe('bravo');
  });

  it('through the VIP, connections from cC reach both backends', async () => {
    const holder = background(NS.cc, 'sleep', '120');
    await untilInNamespace(holder.pid!, NS.cc);
    expect(
      (await applyVipRules(new ExecCommandRunner(), [{ pid: holder.pid!, script: planVipRules([view()]) }])).applied,
    ).toEqual(new Set([holder.pid]));
    const seen = new Set<string>();
    for (let i = 0; i < VIP_TRIES && seen.size < 2; i++)
      seen.add((await inNs(NS.cc, 'busybox', 'nc', '-w', '2', '10.0.3.2', '8080')).trim());
    expect([...seen].sort()).toEqual(['alpha', 'bravo']);
    // A port the service does not declare is refused too.
    await expect(inNs(NS.cc, 'busybox', 'nc', '-w', '5', '10.0.3.2', '9999')).rejects.toThrow(/Connection refused/);
  });

  it('a VIP without running tasks refuses at once', async () => {
    const started = Date.now();
    const err = await inNs(NS.cc, 'busybox', 'nc', '-w', '5', '10.0.3.3', '8080').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/Connection refused/);
    // Without the reject, nc would wait ~3 s for ARP and say "No route to host"; a reset comes at once.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a peer that leaves takes its entries with it; the last task leaving takes the device', async () => {
    const onlyA = [view([makePeer(HOST_A, ['10.0.3.5', '10.0.3.7'])])];
    const gone = await new OverlayDevices(runnerA).ensure({
      desired: onlyA,
      localAddress: HOST_A,
      underlayMtu: UNDERLAY_MTU,
      cpuCount: 1,
    });
    expect(gone.commands.map((c) => c.join(' ')).sort()).toEqual([
      `bridge fdb del 00:00:00:00:00:00 dev shvx${VNI} dst ${HOST_B}`,
      `bridge fdb del 02:42:0a:00:03:06 dev shvx${VNI} dst ${HOST_B}`,
      `ip neigh del 10.0.3.6 dev shvx${VNI}`,
    ]);
    expect(await runnerA.run(['bridge', 'fdb', 'show', 'dev', `shvx${VNI}`])).not.toContain(HOST_B);
    const last = await new OverlayDevices(runnerA).ensure({
      desired: [],
      localAddress: HOST_A,
      underlayMtu: UNDERLAY_MTU,
      cpuCount: 1,
    });
    expect(last.commands).toEqual([['ip', 'link', 'del', 'dev', `shvx${VNI}`]]);
    await expect(runnerA.run(['ip', 'link', 'show', `shvx${VNI}`])).rejects.toThrow(/does not exist/);
  });

  it(
    'a task address that moves from B to A is reached on A at once, ' +
      "though A's bridge had learned it on the VXLAN port",
    async () => {
      const input = (peers: ReturnType<typeof makePeer>[], localAddress: string) => ({
        desired: [view(peers)],
        localAddress,
        underlayMtu: UNDERLAY_MTU,
        cpuCount: 1,
      });
      const before = [makePeer(HOST_A, ['10.0.3.5', '10.0.3.7']), makePeer(HOST_B, ['10.0.3.6'])];
      const devicesA = new OverlayDevices(runnerA);
      await devicesA.ensure(input(before, HOST_A));
      await new OverlayDevices(runnerB).ensure(input(before, HOST_B));
      // Traffic with cB makes A's bridge learn cB's MAC on the VXLAN port.
      await inNs(NS.ca, 'busybox', 'ping', '-c', '1', '-W', '2', '10.0.3.6');
      const learned = JSON.parse(await runnerA.run(['bridge', '-j', 'fdb', 'show', 'br', `shbr${VNI}`, 'dynamic'])) as {
        mac: string;
        ifname: string;
      }[];
      expect(learned).toContainEqual(expect.objectContaining({ mac: taskMac('10.0.3.6'), ifname: `shvx${VNI}` }));

      // cB's task ends on B, and its address goes to a new task on A: a server that sends nothing first
      // (no IPv6, so not even its address announcements).
      await sh('ip', '-n', NS.b, 'link', 'del', 've6');
      await inNs(NS.cd, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1');
      await container(NS.a, NS.cd, 've6a', '10.0.3.6');
      const after = [makePeer(HOST_A, ['10.0.3.5', '10.0.3.7', '10.0.3.6']), makePeer(HOST_B)];
      // Planned against A's last plan (no read of the host), as most passes are.
      const moved = await devicesA.ensure(input(after, HOST_A));
      expect(moved.commands.map((c) => c.join(' '))).toContain(
        `bridge fdb flush dev shbr${VNI} brport shvx${VNI} dynamic`,
      );
      await new OverlayDevices(runnerB).ensure(input(after, HOST_B));
      expect(await inNs(NS.ca, 'busybox', 'ping', '-c', '1', '-W', '2', '10.0.3.6')).toContain('1 packets received');
    },
  );
});

function sortState<
  T extends { links: { name: string }[]; fdb: { mac: string; dst: string }[]; neigh: { ip: string }[] },
>(s: T): T {
  return {
    ...s,
    links: [...s.links].sort((a, b) => a.name.localeCompare(b.name)),
    fdb: [...s.fdb].sort((a, b) => `${a.mac}${a.dst}`.localeCompare(`${b.mac}${b.dst}`)),
    neigh: [...s.neigh].sort((a, b) => a.ip.localeCompare(b.ip)),
  };
}
