import { describe, expect, it } from 'vitest';
import { DYNAMIC_PORT_MIN, planPublishedPorts } from '../../../../manager/controlapi/published-ports';
import type { PortConfig, ServiceSpec } from '../../../../proto/types';
import { makeSpec } from '../../../fakes/builders';

const port = (publishedPort: number, targetPort: number, o: Partial<PortConfig> = {}): PortConfig => ({
  protocol: 'tcp',
  publishedPort,
  targetPort,
  publishMode: 'ingress',
  ...o,
});
const svc = (name: string, ...ports: PortConfig[]): ServiceSpec => makeSpec({ name, endpoint: { mode: 'vip', ports } });
const published = (s: ServiceSpec) => s.endpoint.ports.map((p) => `${p.publishedPort}->${p.targetPort}/${p.protocol}`);

describe('planPublishedPorts', () => {
  it('keeps ports asked for by number, and gives each ingress port without one the lowest free dynamic port', () => {
    const r = planPublishedPorts({
      services: [
        svc('web_a', port(0, 80), port(8080, 8080)),
        svc('web_b', port(0, 80), port(0, 53, { protocol: 'udp' })),
      ],
      previous: new Map(),
      others: [svc('old_x', port(DYNAMIC_PORT_MIN, 80))],
    });
    expect(r.issues).toEqual([]);
    expect(r.services.map(published)).toEqual([
      ['30001->80/tcp', '8080->8080/tcp'],
      ['30002->80/tcp', '30000->53/udp'],
    ]);
  });

  it('gives a service back the dynamic port it had, so a redeploy of the same file changes nothing', () => {
    const r = planPublishedPorts({
      services: [svc('web_a', port(0, 80))],
      previous: new Map([['web_a', svc('web_a', port(30007, 80))]]),
      others: [],
    });
    expect(r.services.map(published)).toEqual([['30007->80/tcp']]);
  });

  it('does not give a dynamic port to a port the file names by number elsewhere in the deploy', () => {
    const r = planPublishedPorts({
      services: [svc('web_a', port(0, 80)), svc('web_b', port(DYNAMIC_PORT_MIN, 80))],
      previous: new Map(),
      others: [],
    });
    expect(r.services.map(published)).toEqual([['30001->80/tcp'], ['30000->80/tcp']]);
  });

  it.each<[string, ServiceSpec[], ServiceSpec[], { path: string; message: string }[]]>([
    [
      'a port another stack publishes',
      [svc('web_a', port(8080, 80))],
      [svc('shop_front', port(8080, 8000))],
      [
        {
          path: 'services[0].ports[0].published',
          message: 'web_a: port 8080/tcp is already published by service shop_front',
        },
      ],
    ],
    [
      'the same port twice in one deploy',
      [svc('web_a', port(8080, 80)), svc('web_b', port(8080, 81))],
      [],
      [
        {
          path: 'services[1].ports[0].published',
          message: 'web_b: port 8080/tcp is already published by service web_a',
        },
      ],
    ],
    [
      'the same port twice in one service, whatever the mode',
      [svc('web_a', port(8080, 80), port(8080, 81, { publishMode: 'host' }))],
      [],
      [
        {
          path: 'services[0].ports[1].published',
          message: 'web_a: port 8080/tcp is already published by another port of this service',
        },
      ],
    ],
    [
      'a port every host uses for Shoal itself',
      [svc('web_a', port(4789, 4789, { protocol: 'udp' }), port(53, 53))],
      [],
      [
        {
          path: 'services[0].ports[0].published',
          message: "web_a: port 4789/udp is Shoal's own, for VXLAN between hosts",
        },
        { path: 'services[0].ports[1].published', message: "web_a: port 53/tcp is Shoal's own, for the overlays' DNS" },
      ],
    ],
    [
      'a host-mode port without a published port',
      [svc('web_a', port(0, 80, { publishMode: 'host' }))],
      [],
      [
        {
          path: 'services[0].ports[0].published',
          message: 'web_a: a port published in host mode needs a published port',
        },
      ],
    ],
  ])('refuses %s', (_, services, others, issues) => {
    expect(planPublishedPorts({ services, previous: new Map(), others }).issues).toEqual(issues);
  });

  it.each<[string, PortConfig, PortConfig]>([
    ['another protocol', port(8080, 80, { protocol: 'udp' }), port(8080, 80)],
    ['another port', port(8081, 80), port(8080, 80)],
  ])('allows the same number on %s', (_, mine, theirs) => {
    expect(
      planPublishedPorts({ services: [svc('web_a', mine)], previous: new Map(), others: [svc('shop_front', theirs)] })
        .issues,
    ).toEqual([]);
  });
});
