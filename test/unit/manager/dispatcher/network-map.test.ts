import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Network } from '../../../../proto/types';
import { makeNode, makeService, makeTask } from '../../../fakes/builders';
import { allocatedNetwork, attach } from '../allocator/fixtures';
import { nodeMap, type MapInput as NetworkMapInput } from './map-sources';

/** The networks of `nodeId`'s map, as its agent holds them after the complete set. */
const planNetworkMap = (nodeId: string, input: NetworkMapInput) => nodeMap(nodeId, input).networks;

const front = allocatedNetwork('n-front', 'web_front', 4096, '10.0.0.0/24');
const back = allocatedNetwork('n-back', 'web_back', 4097, '10.0.1.0/24');
const addr = (n: Network, ip: string) => ({ networkId: n.id, network: n.spec.name, address: `${ip}/24` });

const nodes = [
  makeNode({ id: 'node-1', description: { address: '192.168.0.1' } }),
  makeNode({ id: 'node-2', description: { address: '192.168.0.2' } }),
  makeNode({ id: 'node-3', status: 'down', description: { address: '192.168.0.3' } }),
];
const app = makeService({
  id: 's-app',
  spec: {
    name: 'web_app',
    stack: 'web',
    networks: [{ target: 'web_front', aliases: ['app', 'www'] }],
    endpoint: {
      mode: 'vip',
      ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
    },
  },
  virtualIps: [addr(front, '10.0.0.2')],
});
const db = makeService({
  id: 's-db',
  spec: {
    name: 'web_db',
    stack: 'web',
    networks: [{ target: 'web_back', aliases: ['db'] }],
    endpoint: { mode: 'dnsrr', ports: [] },
  },
});
const appTask = (id: string, nodeId: string, ip: string, o: Parameters<typeof makeTask>[0] = {}) =>
  makeTask({
    id,
    serviceId: app.id,
    nodeId,
    spec: { networks: attach('web_front') },
    addresses: [addr(front, ip)],
    status: { state: 'running' },
    ...o,
  });

const base: NetworkMapInput = {
  networks: [front, back],
  services: [app, db],
  nodes,
  tasks: [
    appTask('t1', 'node-1', '10.0.0.4'),
    appTask('t2', 'node-2', '10.0.0.3'),
    appTask('t3', 'node-1', '10.0.0.10'),
    makeTask({
      id: 't4',
      serviceId: db.id,
      nodeId: 'node-2',
      spec: { networks: attach('web_back') },
      addresses: [addr(back, '10.0.1.2')],
      status: { state: 'running' },
    }),
  ],
};

describe("a node's network map (planner, complete set, agent)", () => {
  it(
    'lists the networks the node has tasks on, with every peer, its underlay address and task IPs, ' +
      'and the services attached',
    () => {
      expect(planNetworkMap('node-1', base)).toEqual([
        {
          id: 'n-front',
          name: 'web_front',
          vni: 4096,
          subnet: '10.0.0.0/24',
          gateway: '10.0.0.1',
          internal: false,
          peers: [
            { nodeId: 'node-1', address: '192.168.0.1', taskIps: ['10.0.0.4', '10.0.0.10'] },
            { nodeId: 'node-2', address: '192.168.0.2', taskIps: ['10.0.0.3'] },
          ],
          services: [
            {
              serviceId: 's-app',
              name: 'web_app',
              shortName: 'app',
              stack: 'web',
              mode: 'vip',
              vip: '10.0.0.2',
              aliases: ['app', 'www'],
              ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
              taskIps: ['10.0.0.3', '10.0.0.4', '10.0.0.10'],
            },
          ],
        },
      ]);
    },
  );

  it.each<[string, NetworkMapInput, string, string[]]>([
    ['a node with no tasks has an empty map', base, 'node-9', []],
    ['a node on two networks gets both, sorted by name', base, 'node-2', ['web_back', 'web_front']],
    [
      'a network not yet allocated is left out',
      { ...base, networks: [{ ...front, allocation: null }, back] },
      'node-2',
      ['web_back'],
    ],
  ])('%s', (_what, input, nodeId, want) => {
    expect(planNetworkMap(nodeId, input).map((n) => n.name)).toEqual(want);
  });

  it.each<[string, NetworkMapInput['tasks'][number], string[]]>([
    [
      'a task being shut down leaves the service at once',
      appTask('t5', 'node-2', '10.0.0.5', { desiredState: 'shutdown' }),
      ['10.0.0.3', '10.0.0.4', '10.0.0.10'],
    ],
    [
      'a task not running yet is not served',
      appTask('t5', 'node-2', '10.0.0.5', { status: { state: 'starting' } }),
      ['10.0.0.3', '10.0.0.4', '10.0.0.10'],
    ],
    [
      'a running task wanted running is served',
      appTask('t5', 'node-2', '10.0.0.5'),
      ['10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.10'],
    ],
  ])('service task IPs: %s', (_what, extra, want) => {
    const [view] = planNetworkMap('node-1', { ...base, tasks: [...base.tasks, extra] });
    expect(view!.services[0]!.taskIps).toEqual(want);
  });

  it.each<[string, NetworkMapInput['tasks'][number], string[]]>([
    [
      'a task being shut down keeps its node a peer until it has ended: its container is still attached',
      appTask('t5', 'node-2', '10.0.0.5', { desiredState: 'shutdown' }),
      ['10.0.0.3', '10.0.0.5'],
    ],
    [
      'an ended task is gone from its peer',
      appTask('t5', 'node-2', '10.0.0.5', { status: { state: 'failed' } }),
      ['10.0.0.3'],
    ],
  ])('peers: %s', (_what, extra, want) => {
    const [view] = planNetworkMap('node-1', { ...base, tasks: [...base.tasks, extra] });
    expect(view!.peers.find((p) => p.nodeId === 'node-2')!.taskIps).toEqual(want);
  });

  it('leaves out peers that are down, and gives a dnsrr service no VIP', () => {
    const input = {
      ...base,
      tasks: [
        ...base.tasks,
        makeTask({
          id: 't6',
          serviceId: db.id,
          nodeId: 'node-3',
          spec: { networks: attach('web_back') },
          addresses: [addr(back, '10.0.1.3')],
          status: { state: 'running' },
        }),
      ],
    };
    const [view] = planNetworkMap('node-2', input);
    expect(view!.peers.map((p) => p.nodeId)).toEqual(['node-2']);
    expect(view!.services[0]).toMatchObject({ name: 'web_db', mode: 'dnsrr', vip: '', aliases: ['db'] });
  });

  it('lists every service attached to the network, even one with no task', () => {
    const idle = makeService({ id: 's-idle', spec: { name: 'web_idle', stack: 'web', networks: attach('web_front') } });
    const [view] = planNetworkMap('node-1', { ...base, services: [...base.services, idle] });
    expect(view!.services.map((s) => [s.name, s.taskIps.length])).toEqual([
      ['web_app', 3],
      ['web_idle', 0],
    ]);
  });

  it('does not depend on the order of its inputs', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const shuffle = <T>(xs: readonly T[]) =>
          xs
            .map((x, i) => [(i * 7919 + seed) % 101, x] as const)
            .sort((a, b) => a[0] - b[0])
            .map(([, x]) => x);
        const shuffled = {
          networks: shuffle(base.networks),
          services: shuffle(base.services),
          tasks: shuffle(base.tasks),
          nodes: shuffle(base.nodes),
        };
        expect(planNetworkMap('node-1', shuffled)).toEqual(planNetworkMap('node-1', base));
        expect(planNetworkMap('node-2', shuffled)).toEqual(planNetworkMap('node-2', base));
      }),
    );
  });
});
