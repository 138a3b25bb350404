import { describe, expect, it } from 'vitest';
import { NETWORK_LABEL, type EngineNetwork } from '../../../../agent/runtime/engine-api';
import {
  backendsOf,
  planDnsListeners,
  planIsolation,
  planVipUpdates,
  presentNetworks,
  removableNetworks,
  VIP_JOIN_DELAY_MS,
  type AppliedVip,
} from '../../../../agent/network/network-agent-plan';
import { planVipRules } from '../../../../agent/network/vip-plan';
import type { ContainerInfo, ContainerState } from '../../../../agent/runtime/container-runtime';
import { makeEndpoint, makeView } from './network-views';

const ctr = (id: string, state: ContainerState, networks: [string, string][]): ContainerInfo => ({
  id,
  name: id,
  taskId: `t-${id}`,
  state,
  health: 'none',
  exitCode: 0,
  oomKilled: false,
  networks: networks.map(([name, ip]) => ({ name, ip })),
});
const engineNet = (id: string, name: string, networkId?: string): EngineNetwork => ({
  id,
  name,
  labels: networkId ? { [NETWORK_LABEL]: networkId } : {},
  options: {},
  internal: false,
  subnets: [],
});

const web = makeView({
  id: 'net1',
  name: 'web_default',
  vni: 4097,
  gateway: '10.0.3.1',
  services: [makeEndpoint({ taskIps: ['10.0.3.5', '10.0.3.6/24'] })],
});
const api = makeView({
  id: 'net2',
  name: 'api_default',
  vni: 4098,
  subnet: '10.0.4.0/24',
  gateway: '10.0.4.1',
  services: [makeEndpoint({ serviceId: 's2', name: 'api_db', vip: '10.0.4.2', taskIps: ['10.0.4.9'] })],
});

describe('removableNetworks', () => {
  const engine = [engineNet('e1', 'web_default', 'net1'), engineNet('e2', 'api_default', 'net2')];
  it.each<[string, ContainerInfo[], string[]]>([
    ['no containers: all may go', [], ['e1', 'e2']],
    ['a running container keeps its network', [ctr('c1', 'running', [['web_default', '10.0.3.5']])], ['e2']],
    ['a created (not started) container keeps it too', [ctr('c1', 'created', [['api_default', '']])], ['e1']],
    ['an exited container does not', [ctr('c1', 'exited', [['web_default', '10.0.3.5']])], ['e1', 'e2']],
  ])('%s', (_name, containers, want) => {
    expect(removableNetworks(['e1', 'e2'], engine, containers)).toEqual(want);
  });
});

describe('presentNetworks', () => {
  it("is the overlay ids of the engine's labelled networks", () => {
    expect([...presentNetworks([engineNet('e1', 'web_default', 'net1'), engineNet('e0', 'mine')])]).toEqual(['net1']);
  });
});

describe('planDnsListeners', () => {
  it.each<
    [
      string,
      ReadonlySet<string>,
      [string, string][],
      { start: { networkId: string; address: string; port: number }[]; stop: string[] },
    ]
  >([
    [
      'opens one listener per present network, on its gateway port 53',
      new Set(['net1', 'net2']),
      [],
      {
        start: [
          { networkId: 'net1', address: '10.0.3.1', port: 53 },
          { networkId: 'net2', address: '10.0.4.1', port: 53 },
        ],
        stop: [],
      },
    ],
    [
      'waits for a network whose engine network does not exist yet',
      new Set(['net1']),
      [],
      { start: [{ networkId: 'net1', address: '10.0.3.1', port: 53 }], stop: [] },
    ],
    [
      'keeps what listens already',
      new Set(['net1', 'net2']),
      [
        ['net1', '10.0.3.1'],
        ['net2', '10.0.4.1'],
      ],
      { start: [], stop: [] },
    ],
    [
      'closes a network gone from the map',
      new Set(['net1']),
      [
        ['net1', '10.0.3.1'],
        ['old', '10.0.9.1'],
      ],
      { start: [], stop: ['old'] },
    ],
    [
      'moves a listener whose gateway changed',
      new Set(['net1']),
      [['net1', '10.0.7.1']],
      { start: [{ networkId: 'net1', address: '10.0.3.1', port: 53 }], stop: ['net1'] },
    ],
  ])('%s', (_name, present, listening, want) => {
    expect(planDnsListeners([web, api], present, new Map(listening))).toEqual(want);
  });
});

describe('planVipUpdates', () => {
  const NOW = 100_000;
  const c1 = ctr('c1', 'running', [['web_default', '10.0.3.5']]);
  const c2 = ctr('c2', 'running', [
    ['web_default', '10.0.3.7'],
    ['api_default', '10.0.4.7'],
  ]);
  const withTasks = (...taskIps: string[]) => makeView({ ...web, services: [makeEndpoint({ taskIps })] });
  /** What applying the rules for `views` at `at` leaves recorded. */
  const appliedFor = (views: ReturnType<typeof makeView>[], at: number): AppliedVip => {
    const { apply } = planVipUpdates(views, [c1], new Map(), at);
    return { script: apply[0]!.script, backends: apply[0]!.backends, at };
  };
  const applyOf = (
    views: ReturnType<typeof makeView>[],
    containers: ContainerInfo[],
    applied: [string, AppliedVip][],
    now = NOW,
  ) => {
    const plan = planVipUpdates(views, containers, new Map(applied), now);
    return { apply: plan.apply.map((a) => [a.containerId, a.script]), forget: plan.forget, wakeAt: plan.wakeAt };
  };
  it.each<[string, ReturnType<typeof applyOf>, { apply: [string, string][]; forget: string[]; wakeAt?: number }]>([
    [
      'a new container gets the rules of the networks it is on',
      applyOf([web, api], [c1, c2], []),
      {
        apply: [
          ['c1', planVipRules([web])],
          ['c2', planVipRules([web, api])],
        ],
        forget: [],
      },
    ],
    [
      'unchanged rules are not applied again',
      applyOf([web], [c1], [['c1', appliedFor([web], NOW - 10)]]),
      { apply: [], forget: [] },
    ],
    [
      'a backend that left is applied at once',
      applyOf([withTasks('10.0.3.5')], [c1], [['c1', appliedFor([web], NOW - 10)]]),
      { apply: [['c1', planVipRules([withTasks('10.0.3.5')])]], forget: [] },
    ],
    [
      'a backend that joined waits until VIP_JOIN_DELAY_MS after the last update, and asks to wake then',
      applyOf([withTasks('10.0.3.5', '10.0.3.6', '10.0.3.8')], [c1], [['c1', appliedFor([web], NOW - 10)]]),
      { apply: [], forget: [], wakeAt: NOW - 10 + VIP_JOIN_DELAY_MS },
    ],
    [
      '... and is applied once that time has come',
      applyOf(
        [withTasks('10.0.3.5', '10.0.3.6', '10.0.3.8')],
        [c1],
        [['c1', appliedFor([web], NOW - VIP_JOIN_DELAY_MS)]],
      ),
      { apply: [['c1', planVipRules([withTasks('10.0.3.5', '10.0.3.6', '10.0.3.8')])]], forget: [] },
    ],
    [
      'the first backend of a VIP that had none (and refused every connection) is applied at once',
      applyOf([withTasks('10.0.3.6')], [c1], [['c1', appliedFor([withTasks()], NOW - 10)]]),
      { apply: [['c1', planVipRules([withTasks('10.0.3.6')])]], forget: [] },
    ],
    [
      'a new VIP is no mere join: applied at once',
      applyOf([web, api], [c2], [['c2', appliedFor([web], NOW - 10)]]),
      { apply: [['c2', planVipRules([web, api])]], forget: [] },
    ],
    [
      'a container that stopped is forgotten',
      applyOf([web], [ctr('c1', 'exited', [['web_default', '10.0.3.5']])], [['c1', appliedFor([web], NOW)]]),
      { apply: [], forget: ['c1'] },
    ],
    [
      'a container on no network of the map is left alone',
      applyOf([web], [ctr('c3', 'running', [['bridge', '172.17.0.2']])], []),
      { apply: [], forget: [] },
    ],
  ])('%s', (_name, got, want) => {
    expect(got).toEqual({ ...want, wakeAt: want.wakeAt });
  });
});

describe('backendsOf', () => {
  it("is every service's task addresses, without prefix lengths", () => {
    expect([...backendsOf([web, api])].sort()).toEqual(['10.0.3.5', '10.0.3.6', '10.0.4.9']);
    expect(backendsOf([])).toEqual(new Set());
  });
});

describe('planIsolation', () => {
  const head = ['table inet shoal_isolation', 'delete table inet shoal_isolation'];
  const table = (forward: string[], nat: string[], gateways: string) =>
    [
      ...head,
      'table inet shoal_isolation {',
      '  chain forward {',
      '    type filter hook forward priority 0; policy accept;',
      ...forward.map((r) => `    ${r}`),
      '  }',
      '  chain postrouting {',
      '    type nat hook postrouting priority 100; policy accept;',
      ...nat.map((r) => `    ${r}`),
      '  }',
      '  chain notrack_in {',
      '    type filter hook prerouting priority -300; policy accept;',
      '    udp dport 4789 notrack',
      `    ip daddr { ${gateways} } udp dport 53 notrack`,
      '  }',
      '  chain notrack_out {',
      '    type filter hook output priority -300; policy accept;',
      '    udp dport 4789 notrack',
      `    ip saddr { ${gateways} } udp sport 53 notrack`,
      '  }',
      '}',
      '',
    ].join('\n');
  it.each<[string, ReturnType<typeof makeView>[], string]>([
    ['no networks: the table is only deleted', [], [...head, ''].join('\n')],
    [
      'each bridge forwards to no other Shoal bridge (by VNI order), and each subnet is masqueraded going out',
      [web, api],
      table(
        [
          'iifname "shbr4097" oifname "shbr*" oifname != "shbr4097" drop',
          'iifname "shbr4098" oifname "shbr*" oifname != "shbr4098" drop',
        ],
        [
          `ip saddr ${web.subnet} oifname != "shbr*" masquerade`,
          `ip saddr ${api.subnet} oifname != "shbr*" masquerade`,
        ],
        `${web.gateway}, ${api.gateway}`,
      ),
    ],
    [
      'an internal network forwards nothing in or out, and has no NAT',
      [makeView({ vni: 4099, internal: true, gateway: '10.0.9.1/24' })],
      table(
        ['iifname "shbr4099" oifname != "shbr4099" drop', 'oifname "shbr4099" iifname != "shbr4099" drop'],
        [],
        '10.0.9.1',
      ),
    ],
  ])('%s', (_name, views, want) => {
    expect(planIsolation(views)).toBe(want);
  });
});
