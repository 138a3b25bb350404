// The network agent against FakeRuntime (engine networks and containers), the recording runner
// (exact `ip`, `bridge`, `nft` and `nsenter` argv) and recording DNS servers; real timers and loop.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DnsListener } from '../../../../agent/dns/server';
import { NETWORK_LABEL } from '../../../../agent/runtime/engine-api';
import { NetworkAgent, type OverlayDns } from '../../../../agent/network/network-agent';
import { planPublishedPortRules } from '../../../../agent/network/published-ports-plan';
import { planVipRules } from '../../../../agent/network/vip-plan';
import type { NetworkView__Output as NetworkView } from '../../../../proto/generated/shoal/v1/NetworkView';
import { FakeRuntime } from '../../../../testkit/fake-runtime';
import { FakeClock } from '../../../fakes/fake-clock';
import { RecordingRunner } from '../../../fakes/recording-runner';
import { eventually } from '../../../../testkit/eventually';
import { makeEndpoint, makePeer, makeView } from './network-views';

const LOCAL = '192.0.2.1';
const ADDR_JSON = JSON.stringify([{ ifname: 'eth0', mtu: 1500, addr_info: [{ local: LOCAL }] }]);
const BRIDGE_UP = JSON.stringify([{ ifname: 'shbr4097', mtu: 1450, flags: ['UP'], linkinfo: { info_kind: 'bridge' } }]);

class RecordingDns implements OverlayDns {
  listeners: DnsListener[] = [];
  views: NetworkView[][] = [];
  stopped = false;
  async start(listeners: readonly DnsListener[]): Promise<DnsListener[]> {
    this.listeners = [...listeners];
    return this.listeners;
  }
  update(views: readonly NetworkView[]): void {
    this.views.push([...views]);
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

let agent: NetworkAgent | undefined;
afterEach(async () => {
  await agent?.stop();
  agent = undefined;
});

function setup(rt = new FakeRuntime(), clock?: FakeClock) {
  const runner = new RecordingRunner().answer('ip -j addr show', ADDR_JSON).answer('ip -d -j link show', BRIDGE_UP);
  const dns: RecordingDns[] = [];
  let applied = 0;
  agent = new NetworkAgent({
    runtime: rt,
    runner,
    localAddress: LOCAL,
    newDns: () => {
      const d = new RecordingDns();
      dns.push(d);
      return d;
    },
    logger: pino({ level: 'silent' }),
    onApplied: () => applied++,
    ...(clock ? { clock, timers: clock } : {}),
  });
  agent.start();
  return { rt, runner, dns, a: agent, applied: () => applied };
}

const web = (taskIps: string[]) =>
  makeView({
    id: 'net1',
    name: 'web_default',
    vni: 4097,
    peers: [makePeer(LOCAL, taskIps), makePeer('192.0.2.2', ['10.0.3.9'])],
    services: [makeEndpoint({ taskIps })],
  });
const map = (sequence: number, ...networks: NetworkView[]) => ({ sequence, networks, published: [] });

describe('NetworkAgent', () => {
  it('does nothing before the first network map: it does not know yet what is still wanted', async () => {
    const rt = new FakeRuntime();
    rt.addNetwork({ name: 'web_default', labels: { [NETWORK_LABEL]: 'net1' } });
    const clock = new FakeClock();
    const { runner, applied } = setup(rt, clock);
    rt.emit({ action: 'start', containerId: 'x', taskId: 't' });
    // The start and the event ask for one tick, on the fake clock; it runs, and asks for no other.
    expect(clock.pending()).toHaveLength(1);
    await clock.advance(60_000);
    expect(clock.pending()).toEqual([]);
    expect(runner.calls).toEqual([]);
    expect(rt.calls).toEqual([]);
    expect(applied()).toBe(0);
  });

  it('applies a map: engine network, overlay, isolation rules, a DNS server on the gateway, backends', async () => {
    const { rt, runner, dns, a, applied } = setup();
    a.onNetworkMap(map(1, web(['10.0.3.5'])));
    await eventually('applied', async () => applied() > 0);
    expect([...rt.networks.values()]).toEqual([
      expect.objectContaining({
        name: 'web_default',
        labels: { [NETWORK_LABEL]: 'net1' },
        subnets: [{ subnet: '10.0.3.0/24', gateway: '10.0.3.1' }],
        options: { 'com.docker.network.bridge.name': 'shbr4097', 'com.docker.network.driver.mtu': '1450' },
      }),
    ]);
    const lines = runner.lines();
    expect(lines).toContain(
      'ip link add shvx4097 mtu 1450 type vxlan id 4097 dstport 4789 local 192.0.2.1 nolearning proxy',
    );
    expect(lines).toContain('ip neigh replace 10.0.3.9 lladdr 02:42:0a:00:03:09 dev shvx4097 nud permanent');
    const nft = runner.calls.find((c) => c.argv.join(' ') === 'nft -f -');
    expect(nft?.input).toContain('iifname "shbr4097" oifname "shbr*" oifname != "shbr4097" drop');
    expect(dns.map((d) => d.listeners)).toEqual([[{ networkId: 'net1', address: '10.0.3.1', port: 53 }]]);
    expect(dns[0]!.views.at(-1)).toEqual([web(['10.0.3.5'])]);
    expect([...a.backends()]).toEqual(['10.0.3.5']);
  });

  it(
    'applies the published ports of the map on the host, even with no network of its own, ' +
      'and counts their tasks as backends',
    async () => {
      const { runner, a, applied } = setup();
      const published = [
        {
          serviceId: 's1',
          name: 'web_app',
          ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
          backends: [{ address: '10.0.3.9', nodeAddress: '192.0.2.2' }],
        },
      ];
      a.onNetworkMap({ ...map(1), published });
      await eventually('applied', async () => applied() > 0);
      const scripts = runner.calls.filter((c) => c.argv.join(' ') === 'nft -f -').map((c) => c.input);
      expect(scripts).toContain(planPublishedPortRules(published, LOCAL));
      expect([...a.backends()]).toEqual(['10.0.3.9']);

      a.onNetworkMap({ ...map(2), published });
      const n = applied();
      await eventually('applied again', async () => applied() > n);
      // Unchanged: not run again.
      expect(runner.calls.filter((c) => c.argv.join(' ') === 'nft -f -')).toHaveLength(scripts.length);
    },
  );

  it(
    'applies VIP rules once per container and script: again when the map changes, ' + 'and to a new container',
    async () => {
      const rt = new FakeRuntime();
      const c1 = rt.addContainer({ taskId: 't1', networks: [{ name: 'web_default', ip: '10.0.3.5' }] });
      const { runner, a, applied } = setup(rt);
      const vipCalls = () =>
        runner.vipScripts().map(([pid, script]) => [`nsenter --net=/proc/${pid}/ns/net nft -f -`, script]);
      a.onNetworkMap(map(1, web(['10.0.3.5'])));
      await eventually('applied', async () => applied() > 0);
      expect(vipCalls()).toEqual([
        [`nsenter --net=/proc/${c1.pid}/ns/net nft -f -`, planVipRules([web(['10.0.3.5'])])],
      ]);

      a.onNetworkMap(map(2, web(['10.0.3.5']))); // the same map again
      const n = applied();
      await eventually('applied again', async () => applied() > n);
      expect(vipCalls()).toHaveLength(1);

      a.onNetworkMap(map(3, web(['10.0.3.5', '10.0.3.6'])));
      await eventually('new rules', async () => vipCalls().length === 2);
      expect(vipCalls()[1]).toEqual([
        `nsenter --net=/proc/${c1.pid}/ns/net nft -f -`,
        planVipRules([web(['10.0.3.5', '10.0.3.6'])]),
      ]);

      const c2 = rt.addContainer({ taskId: 't2', networks: [{ name: 'web_default', ip: '10.0.3.6' }] });
      rt.emit({ action: 'start', containerId: c2.id, taskId: 't2' });
      await eventually('rules for the new container', async () => vipCalls().length === 3);
      expect(vipCalls()[2]![0]).toBe(`nsenter --net=/proc/${c2.pid}/ns/net nft -f -`);
      // A container's process is looked up once, however often its rules change.
      expect(rt.callsOf('containerPid')).toEqual([`containerPid ${c1.id}`, `containerPid ${c2.id}`]);
    },
  );

  it("keeps a network while a container is on it, and removes the network's devices once it is gone", async () => {
    const rt = new FakeRuntime();
    const { runner, dns, a, applied } = setup(rt);
    a.onNetworkMap(map(1, web(['10.0.3.5'])));
    await eventually('network created', async () => rt.networks.size === 1 && applied() > 0);
    const c = rt.addContainer({ taskId: 't1', networks: [{ name: 'web_default', ip: '10.0.3.5' }] });

    runner.answer(
      'ip -d -j link show',
      JSON.stringify([
        { ifname: 'shbr4097', mtu: 1450, flags: ['UP'], linkinfo: { info_kind: 'bridge' } },
        {
          ifname: 'shvx4097',
          mtu: 1450,
          master: 'shbr4097',
          flags: ['UP'],
          linkinfo: {
            info_kind: 'vxlan',
            info_data: { id: 4097, local: LOCAL, port: 4789, learning: false, proxy: true },
          },
        },
      ]),
    );
    a.onNetworkMap(map(2));
    await eventually('DNS closed', async () => dns[0]!.stopped);
    expect(rt.networks.size).toBe(1);
    expect(rt.callsOf('removeNetwork')).toEqual([]);
    expect(runner.lines()).toContain('ip link del dev shvx4097');
    expect(runner.calls.filter((x) => x.argv[0] === 'nft').at(-1)?.input).toBe(
      'table inet shoal_isolation\ndelete table inet shoal_isolation\n',
    );
    expect(a.backends()).toEqual(new Set());

    await rt.remove(c.id); // emits destroy
    await eventually('network removed', async () => rt.networks.size === 0);
  });

  it('retries a failed step without holding back the others', async () => {
    const rt = new FakeRuntime();
    const { runner, dns, a } = setup(rt);
    runner.fail(
      'ip link add shvx4097 mtu 1450 type vxlan id 4097 dstport 4789 local 192.0.2.1 nolearning proxy',
      'RTNETLINK answers: Operation not permitted',
    );
    a.onNetworkMap(map(1, web(['10.0.3.5'])));
    await eventually(
      'DNS listening despite the overlay failure',
      async () => dns.length === 1 && dns[0]!.listeners.length === 1,
    );
    await eventually(
      'the overlay retried',
      async () => runner.lines().filter((l) => l.startsWith('ip link add shvx4097')).length >= 2,
    );
  });
});
