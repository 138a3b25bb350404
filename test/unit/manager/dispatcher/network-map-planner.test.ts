import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NetworkMapReceiver } from '../../../../agent/network-map-chunks';
import { NetworkMapPlanner, type MapDirty } from '../../../../manager/dispatcher/network-map-planner';
import type { Network, Task } from '../../../../proto/types';
import { makeNode, makeService, makeTask } from '../../../fakes/builders';
import { allocatedNetwork } from '../allocator/fixtures';
import { allDirty, mapSources, nodeMap, received, type MapInput } from './map-sources';

const NODES = ['node-1', 'node-2', 'node-3'];
const front = allocatedNetwork('n-front', 'web_front', 4096, '10.0.0.0/24');
const back = { ...allocatedNetwork('n-back', 'web_back', 4097, '10.0.1.0/24') };
back.spec = { ...back.spec, internal: true };
const addr = (n: Network, host: number) => ({
  networkId: n.id,
  network: n.spec.name,
  address: `${n.allocation!.subnet.replace('.0/24', '')}.${host}/24`,
});

/** A small cluster drawn at random: which networks exist and are allocated, nodes up or down, services, tasks. */
const cluster: fc.Arbitrary<MapInput> = fc
  .record({
    networks: fc.record({ front: fc.constantFrom('gone', 'new', 'allocated'), back: fc.boolean() }),
    down: fc.subarray(NODES),
    services: fc.array(
      fc.record({
        on: fc.subarray(['web_front', 'web_back'] as const),
        dnsrr: fc.boolean(),
        publish: fc.boolean(),
        alias: fc.boolean(),
      }),
      { minLength: 0, maxLength: 3 },
    ),
    tasks: fc.array(
      fc.record({
        service: fc.nat(2),
        node: fc.constantFrom('', ...NODES),
        wanted: fc.constantFrom('running', 'shutdown'),
        state: fc.constantFrom('starting', 'running', 'failed'),
        on: fc.subarray([front, back]),
      }),
      { maxLength: 8 },
    ),
  })
  .map((c) => {
    const networks: Network[] = [];
    if (c.networks.front !== 'gone') networks.push(c.networks.front === 'new' ? { ...front, allocation: null } : front);
    if (c.networks.back) networks.push(back);
    const services = c.services.map((s, i) =>
      makeService({
        id: `s${i}`,
        spec: {
          name: `web_s${i}`,
          stack: 'web',
          networks: s.on.map((target) => ({ target, aliases: s.alias ? [`a${i}`] : [] })),
          endpoint: {
            mode: s.dnsrr ? 'dnsrr' : 'vip',
            ports: [
              { protocol: 'tcp', targetPort: 80, publishedPort: s.publish ? 8080 + i : 0, publishMode: 'ingress' },
            ],
          },
        },
        virtualIps: s.dnsrr ? [] : [addr(front, 200 + i)],
      }),
    );
    const tasks: Task[] = c.tasks.map((t, i) =>
      makeTask({
        id: `t${i}`,
        serviceId: `s${t.service}`,
        nodeId: t.node,
        desiredState: t.wanted,
        status: { state: t.state },
        addresses: t.on.map((n) => addr(n, 10 + i)),
      }),
    );
    const nodes = NODES.map((id, i) =>
      makeNode({ id, status: c.down.includes(id) ? 'down' : 'ready', description: { address: `192.168.0.${i + 1}` } }),
    );
    return { networks, services, tasks, nodes };
  });

/** What the dispatcher marks between two snapshots: changed services and nodes, those of changed tasks, networks. */
function dirtyBetween(a: MapInput, b: MapInput): MapDirty {
  const dirty: MapDirty = {
    networks: false,
    all: false,
    services: new Set(),
    nodes: new Set(),
    nodeObjects: new Set(),
  };
  const changed = <T extends { id: string }>(xs: readonly T[], ys: readonly T[]) => {
    const before = new Map(xs.map((x) => [x.id, JSON.stringify(x)]));
    const after = new Map(ys.map((y) => [y.id, JSON.stringify(y)]));
    return [...new Set([...before.keys(), ...after.keys()])].filter((id) => before.get(id) !== after.get(id));
  };
  dirty.networks = changed(a.networks, b.networks).length > 0;
  for (const id of changed(a.services, b.services)) dirty.services.add(id);
  for (const id of changed(a.nodes, b.nodes)) dirty.nodeObjects.add(id);
  for (const id of changed(a.tasks, b.tasks)) {
    for (const t of [a.tasks.find((x) => x.id === id), b.tasks.find((x) => x.id === id)]) {
      if (!t) continue;
      dirty.services.add(t.serviceId);
      if (t.nodeId) dirty.nodes.add(t.nodeId);
    }
  }
  return dirty;
}

describe('NetworkMapPlanner', () => {
  it('keeps every node, fed only the changes, holding exactly the map a fresh planner computes whole', () => {
    fc.assert(
      fc.property(fc.array(cluster, { minLength: 2, maxLength: 6 }), (snapshots) => {
        const planner = new NetworkMapPlanner();
        planner.update(allDirty(snapshots[0]!), mapSources(snapshots[0]!));
        const agents = NODES.map((nodeId) => {
          const receiver = new NetworkMapReceiver();
          const first = planner.completeSet(nodeId);
          received('complete', first.changes, receiver);
          return { nodeId, receiver, held: first.networks, sequence: 1 };
        });
        for (let i = 1; i < snapshots.length; i++) {
          const delta = planner.update(dirtyBetween(snapshots[i - 1]!, snapshots[i]!), mapSources(snapshots[i]!));
          for (const a of agents) {
            const { changes, networks } = planner.changesFor(a.nodeId, a.held, delta);
            a.held = networks;
            const { map, problems } = received('incremental', changes, a.receiver, ++a.sequence);
            expect(problems).toEqual([]);
            const whole = nodeMap(a.nodeId, snapshots[i]!);
            expect(map.networks).toEqual(whole.networks);
            expect(map.published).toEqual(whole.published);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sends a node only what changed: one task now running adds its address to its endpoint', () => {
    const app = makeService({
      id: 's-app',
      spec: { name: 'web_app', networks: [{ target: 'web_front', aliases: [] }] },
    });
    const task = (id: string, host: number, state: string) =>
      makeTask({ id, serviceId: app.id, nodeId: 'node-1', status: { state }, addresses: [addr(front, host)] });
    const nodes = [makeNode({ id: 'node-1', description: { address: '192.168.0.1' } })];
    const before: MapInput = {
      networks: [front],
      services: [app],
      nodes,
      tasks: [task('t1', 5, 'running'), task('t2', 6, 'starting')],
    };
    const after: MapInput = { ...before, tasks: [task('t1', 5, 'running'), task('t2', 6, 'running')] };
    const planner = new NetworkMapPlanner();
    planner.update(allDirty(before), mapSources(before));
    const held = planner.completeSet('node-1').networks;
    const delta = planner.update(dirtyBetween(before, after), mapSources(after));
    expect(planner.changesFor('node-1', held, delta).changes).toEqual([
      {
        op: 'add',
        networkId: 'n-front',
        object: 'endpoint',
        endpoint: expect.objectContaining({ serviceId: 's-app', taskIps: ['10.0.0.6'] }),
      },
    ]);
  });

  it('sends nothing when nothing a map shows changed', () => {
    const input: MapInput = { networks: [front], services: [], nodes: [], tasks: [] };
    const planner = new NetworkMapPlanner();
    planner.update(allDirty(input), mapSources(input));
    const delta = planner.update(
      {
        networks: true,
        all: false,
        services: new Set(['gone']),
        nodes: new Set(['node-9']),
        nodeObjects: new Set(['node-8']),
      },
      mapSources(input),
    );
    expect(planner.changesFor('node-1', new Set(), delta).changes).toEqual([]);
  });
});
