import { describe, expect, it } from 'vitest';
import { planPublishedPortRules, publishedBackends } from '../../../../agent/network/published-ports-plan';
import type { PublishedService__Output } from '../../../../proto/generated/shoal/v1/PublishedService';

type PublishedService = PublishedService__Output;

const HERE = '192.0.2.1';
const THERE = '192.0.2.2';
const port = (publishedPort: number, targetPort: number, o: { protocol?: string; publishMode?: string } = {}) => ({
  protocol: o.protocol ?? 'tcp',
  publishedPort,
  targetPort,
  publishMode: o.publishMode ?? 'ingress',
});
const service = (ports: ReturnType<typeof port>[], backends: [string, string][]): PublishedService => ({
  serviceId: 's1',
  name: 'web_app',
  ports,
  backends: backends.map(([address, nodeAddress]) => ({ address, nodeAddress })),
});
/** The rules of the `published` chain, one per line. */
const chain = (script: string) => {
  const lines = script.split('\n').map((l) => l.trim());
  return lines.slice(lines.indexOf('chain published {') + 1, lines.indexOf('}', lines.indexOf('chain published {')));
};
const EMPTY = 'table ip shoal_ports\ndelete table ip shoal_ports\n';

describe('planPublishedPortRules', () => {
  it.each<[string, PublishedService[], string[]]>([
    [
      'a local task only: straight to its address and target port',
      [service([port(8080, 80)], [['10.0.3.5', HERE]])],
      [
        'ip dscp 0x2d tcp dport 8080 ct mark set 0x5348 dnat to 10.0.3.5:80',
        'ip dscp 0x2d return',
        'tcp dport 8080 ct mark set 0x5348 dnat to 10.0.3.5:80',
      ],
    ],
    [
      'a remote task only: to its host on the same published port; nothing to pick for a forwarded connection',
      [service([port(8080, 80)], [['10.0.3.9', THERE]])],
      ['ip dscp 0x2d return', 'tcp dport 8080 ct mark set 0x5348 dnat to 192.0.2.2:8080'],
    ],
    [
      'local and remote tasks: each task one entry of the random map (two on one host weigh double)',
      [
        service(
          [port(8080, 80)],
          [
            ['10.0.3.5', HERE],
            ['10.0.3.9', THERE],
            ['10.0.3.10', THERE],
          ],
        ),
      ],
      [
        'ip dscp 0x2d tcp dport 8080 ct mark set 0x5348 dnat to 10.0.3.5:80',
        'ip dscp 0x2d return',
        'tcp dport 8080 ct mark set 0x5348 dnat ip to numgen random mod 3 ' +
          'map { 0 : 10.0.3.5 . 80, 1 : 192.0.2.2 . 8080, 2 : 192.0.2.2 . 8080 }',
      ],
    ],
    [
      'udp and tcp ports of one service, each its own rule',
      [
        service(
          [port(53, 5353, { protocol: 'udp' }), port(8080, 80)],
          [
            ['10.0.3.5', HERE],
            ['10.0.3.6', HERE],
          ],
        ),
      ],
      [
        'ip dscp 0x2d udp dport 53 ct mark set 0x5348 dnat ip to numgen random mod 2 ' +
          'map { 0 : 10.0.3.5 . 5353, 1 : 10.0.3.6 . 5353 }',
        'ip dscp 0x2d tcp dport 8080 ct mark set 0x5348 dnat ip to numgen random mod 2 ' +
          'map { 0 : 10.0.3.5 . 80, 1 : 10.0.3.6 . 80 }',
        'ip dscp 0x2d return',
        'udp dport 53 ct mark set 0x5348 dnat ip to numgen random mod 2 ' +
          'map { 0 : 10.0.3.5 . 5353, 1 : 10.0.3.6 . 5353 }',
        'tcp dport 8080 ct mark set 0x5348 dnat ip to numgen random mod 2 map { 0 : 10.0.3.5 . 80, 1 : 10.0.3.6 . 80 }',
      ],
    ],
    [
      'host mode: only the tasks on this host',
      [
        service(
          [port(9000, 90, { publishMode: 'host' })],
          [
            ['10.0.3.5', HERE],
            ['10.0.3.9', THERE],
          ],
        ),
      ],
      ['ip dscp 0x2d return', 'tcp dport 9000 ct mark set 0x5348 dnat to 10.0.3.5:90'],
    ],
  ])('%s', (_, published, rules) => {
    expect(chain(planPublishedPortRules(published, HERE))).toEqual(rules);
  });

  it.each<[string, PublishedService[]]>([
    ['nothing published', []],
    [
      'a published port with no running task: nothing rewritten, so the host refuses it',
      [service([port(8080, 80)], [])],
    ],
    [
      'a host-mode port whose tasks all run elsewhere',
      [service([port(9000, 90, { publishMode: 'host' })], [['10.0.3.9', THERE]])],
    ],
  ])('only deletes the table: %s', (_, published) => {
    expect(planPublishedPortRules(published, HERE)).toBe(EMPTY);
  });

  it(
    'hooks connections to any local address but loopback, masquerades marked ones, ' +
      'and marks only what leaves for another host',
    () => {
      const script = planPublishedPortRules([service([port(8080, 80)], [['10.0.3.5', HERE]])], HERE);
      expect(script.startsWith(EMPTY + 'table ip shoal_ports {')).toBe(true);
      expect(script).toContain(
        'type nat hook prerouting priority -100; policy accept;\n' +
          '    fib daddr type local ip daddr != 127.0.0.0/8 jump published',
      );
      expect(script).toContain(
        'type nat hook output priority -100; policy accept;\n' +
          '    fib daddr type local ip daddr != 127.0.0.0/8 jump published',
      );
      expect(script).toContain('type nat hook postrouting priority 100; policy accept;\n    ct mark 0x5348 masquerade');
      expect(script).toContain('ct mark 0x5348 ct direction original oifname != "shbr*" ip dscp set 0x2d');
    },
  );
});

describe('publishedBackends', () => {
  it('lists every backend address, on any host', () => {
    expect(
      publishedBackends([
        service(
          [port(8080, 80)],
          [
            ['10.0.3.5', HERE],
            ['10.0.3.9', THERE],
          ],
        ),
      ]),
    ).toEqual(['10.0.3.5', '10.0.3.9']);
  });
});
