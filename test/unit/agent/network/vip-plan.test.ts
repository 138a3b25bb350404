import { describe, expect, it } from 'vitest';
import { planVipRules } from '../../../../agent/network/vip-plan';
import { makeEndpoint, makeView, port } from './network-views';

const indent = (rules: string[]) => rules.map((r) => `    ${r}`);
/** The whole script for these DNAT rules and the VIPs that get reject rules. */
const script = (dnat: string[], rejected: string[]) =>
  [
    'table ip shoal',
    'delete table ip shoal',
    'table ip shoal {',
    '  chain nat {',
    '    type nat hook output priority -100; policy accept;',
    ...indent(dnat),
    '  }',
    '  chain filter {',
    '    type filter hook output priority 0; policy accept;',
    ...indent(
      rejected.flatMap((vip) => [`ip daddr ${vip} meta l4proto tcp reject with tcp reset`, `ip daddr ${vip} reject`]),
    ),
    '  }',
    '}',
    '',
  ].join('\n');

describe('planVipRules', () => {
  it.each<[string, ReturnType<typeof makeView>[], string]>([
    ['no networks: empty chains (clears old rules)', [], script([], [])],
    [
      'one port, two tasks: random choice between them; what is left for the VIP refused',
      [makeView({ services: [makeEndpoint({ ports: [port(80)], taskIps: ['10.0.3.5', '10.0.3.6'] })] })],
      script(
        ['ip daddr 10.0.3.2 tcp dport 80 dnat to numgen random mod 2 map { 0 : 10.0.3.5, 1 : 10.0.3.6 }'],
        ['10.0.3.2'],
      ),
    ],
    [
      'one task: a plain dnat',
      [makeView({ services: [makeEndpoint({ ports: [port(53, 'udp')], taskIps: ['10.0.3.5/24'] })] })],
      script(['ip daddr 10.0.3.2 udp dport 53 dnat to 10.0.3.5'], ['10.0.3.2']),
    ],
    [
      'no ports: all TCP and UDP to the VIP is balanced, the rest refused',
      [makeView({ services: [makeEndpoint({ taskIps: ['10.0.3.5', '10.0.3.6', '10.0.3.7'] })] })],
      script(
        [
          'ip daddr 10.0.3.2 meta l4proto { tcp, udp } dnat to numgen random mod 3 ' +
            'map { 0 : 10.0.3.5, 1 : 10.0.3.6, 2 : 10.0.3.7 }',
        ],
        ['10.0.3.2'],
      ),
    ],
    [
      'no running task: the VIP refuses at once',
      [makeView({ services: [makeEndpoint({ ports: [port(80)], taskIps: [] })] })],
      script([], ['10.0.3.2']),
    ],
    [
      'dnsrr services and VIP-less endpoints have no rules',
      [
        makeView({
          services: [
            makeEndpoint({ mode: 'dnsrr', vip: '', taskIps: ['10.0.3.5'] }),
            makeEndpoint({ vip: '', taskIps: ['10.0.3.6'] }),
          ],
        }),
      ],
      script([], []),
    ],
    [
      'duplicate ports collapse; published ports do not matter, target ports do; unknown protocols are skipped',
      [
        makeView({
          services: [
            makeEndpoint({
              ports: [port(80), { ...port(80), publishedPort: 8080 }, port(80, 'udp'), port(9, 'icmp')],
              taskIps: ['10.0.3.5'],
            }),
          ],
        }),
      ],
      script(
        ['ip daddr 10.0.3.2 tcp dport 80 dnat to 10.0.3.5', 'ip daddr 10.0.3.2 udp dport 80 dnat to 10.0.3.5'],
        ['10.0.3.2'],
      ),
    ],
    [
      "two networks: each network's VIP for its services",
      [
        makeView({ services: [makeEndpoint({ taskIps: ['10.0.3.5'] })] }),
        makeView({
          id: 'net2',
          vni: 4098,
          services: [
            makeEndpoint({ name: 'db_pg', vip: '10.0.4.2', ports: [port(5432)], taskIps: ['10.0.4.5', '10.0.4.6'] }),
          ],
        }),
      ],
      script(
        [
          'ip daddr 10.0.3.2 meta l4proto { tcp, udp } dnat to 10.0.3.5',
          'ip daddr 10.0.4.2 tcp dport 5432 dnat to numgen random mod 2 map { 0 : 10.0.4.5, 1 : 10.0.4.6 }',
        ],
        ['10.0.3.2', '10.0.4.2'],
      ),
    ],
  ])('%s', (_what, networks, want) => expect(planVipRules(networks)).toBe(want));
});
