import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchConstraint, parseConstraints } from '../../../../domain/constraint';
import { NodeLoadIndex } from '../../../../manager/scheduler/node-load';
import { planPlacements, type PlacementInput, type PlacementPlan } from '../../../../manager/scheduler/placement';
import type { Node, Task } from '../../../../proto/types';
import { makeNode, makeTask, type SpecOverrides, type TaskOverrides } from '../../../fakes/builders';

const GIB = 2 ** 30;
const NOW = 1_000_000;

/** `count` tasks of a service waiting for a node. */
function waiting(serviceId: string, count: number, spec: SpecOverrides = {}, extra: TaskOverrides = {}): Task[] {
  return Array.from({ length: count }, (_, i) =>
    makeTask({
      id: `${serviceId}.${i + 1}`,
      serviceId,
      serviceName: serviceId,
      slot: i + 1,
      status: { state: 'pending' },
      spec,
      ...extra,
    }),
  );
}

/** A task of a service already running on a node. */
function running(serviceId: string, nodeId: string, spec: SpecOverrides = {}): Task {
  return makeTask({ serviceId, nodeId, status: { state: 'running' }, spec });
}

/** Plans with the load of the listed tasks, as the loop's index would hold it. */
function place(input: Omit<PlacementInput, 'load'>): PlacementPlan {
  return planPlacements({ ...input, load: NodeLoadIndex.of(input.tasks) });
}

function nodes(...ids: string[]): Node[] {
  return ids.map((id) => makeNode({ id }));
}

function perNode(plan: PlacementPlan): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of plan.placed) counts[p.nodeId] = (counts[p.nodeId] ?? 0) + 1;
  return counts;
}

describe('planPlacements: which tasks it places', () => {
  it.each([
    ['a waiting task', {}, 1],
    ['a task whose restart delay is not over', { restartAt: NOW + 1 }, 0],
    ['a task whose restart delay just ended', { restartAt: NOW }, 1],
    ['a task already on a node', { nodeId: 'a' }, 0],
    ['a task wanted shut down', { desiredState: 'shutdown' }, 0],
    ['a task that ended', { status: { state: 'rejected' } }, 0],
  ] as [string, TaskOverrides, number][])('%s', (_, extra, placed) => {
    const plan = place({ nodes: nodes('a'), tasks: waiting('s', 1, {}, extra), now: NOW });
    expect(plan.placed).toHaveLength(placed);
    expect(plan.unplaced).toHaveLength(0);
  });
});

describe('planPlacements: reasons', () => {
  const small = { description: { resources: { nanoCpus: 4e9, memoryBytes: GIB } } };
  it.each([
    ['an empty cluster', [], {}, 'no nodes'],
    ['a down node', [makeNode({ status: 'down' })], {}, 'no suitable node: 1 node is down'],
    [
      'the mix in the docs',
      [makeNode(small), makeNode(small), makeNode({ status: 'down' })],
      { resources: { reservations: { memoryBytes: 2 * GIB } } },
      'no suitable node: 2 nodes lack memory, 1 node is down',
    ],
    [
      'drained and paused',
      [makeNode({ availability: 'drain' }), makeNode({ availability: 'pause' })],
      {},
      'no suitable node: 1 node is drained, 1 node is paused',
    ],
    [
      'constraints',
      [makeNode(), makeNode()],
      { placement: { constraints: ['node.role==manager'] } },
      'no suitable node: 2 nodes do not satisfy the constraints',
    ],
    [
      'constraints that do not parse',
      [makeNode()],
      { placement: { constraints: ['node.role'] } },
      'no suitable node: 1 node does not satisfy the constraints',
    ],
    ['CPU', [makeNode()], { resources: { reservations: { nanoCpus: 5e9 } } }, 'no suitable node: 1 node lacks CPU'],
  ] as [string, Node[], SpecOverrides, string][])('%s', (_, cluster, spec, reason) => {
    const plan = place({ nodes: cluster, tasks: waiting('s', 2, spec), now: NOW });
    expect(plan.placed).toEqual([]);
    expect(plan.unplaced).toEqual([
      { taskId: 's.1', reason },
      { taskId: 's.2', reason },
    ]);
  });

  it('counts the load a node takes within the call: the third 512 MiB task finds no memory left', () => {
    const plan = place({
      nodes: [makeNode({ id: 'a', description: { resources: { nanoCpus: 4e9, memoryBytes: GIB } } })],
      tasks: waiting('s', 3, { resources: { reservations: { memoryBytes: GIB / 2 } } }),
      now: NOW,
    });
    expect(plan.placed.map((p) => p.taskId)).toEqual(['s.1', 's.2']);
    expect(plan.unplaced).toEqual([{ taskId: 's.3', reason: 'no suitable node: 1 node lacks memory' }]);
  });

  it('counts the reservations of tasks already on the node, not those of ended ones', () => {
    const cluster = [makeNode({ id: 'a', description: { resources: { nanoCpus: 2e9, memoryBytes: 8 * GIB } } })];
    const spec = { resources: { reservations: { nanoCpus: 1e9 } } };
    const ended = makeTask({ serviceId: 'old', nodeId: 'a', status: { state: 'failed' }, spec });
    const stopping = makeTask({
      serviceId: 'old',
      nodeId: 'a',
      desiredState: 'shutdown',
      status: { state: 'running' },
      spec,
    });
    const plan = place({
      nodes: cluster,
      tasks: [running('old', 'a', spec), ended, stopping, ...waiting('s', 2, spec)],
      now: NOW,
    });
    expect(plan.placed).toEqual([{ taskId: 's.1', nodeId: 'a' }]);
    expect(plan.unplaced).toEqual([{ taskId: 's.2', reason: 'no suitable node: 1 node lacks CPU' }]);
  });

  it('stops at max replicas per node', () => {
    const plan = place({
      nodes: nodes('a', 'b'),
      tasks: [running('s', 'a'), ...waiting('s', 4, { placement: { maxReplicasPerNode: 2 } })],
      now: NOW,
    });
    expect(perNode(plan)).toEqual({ a: 1, b: 2 });
    expect(plan.unplaced).toEqual([
      { taskId: 's.4', reason: 'no suitable node: 2 nodes have reached max replicas per node' },
    ]);
  });
});

describe('planPlacements: spread', () => {
  it.each([
    ['the node with the fewest tasks of the service', [running('s', 'a'), running('s', 'a')], 'b'],
    ['on a tie, the node with the fewest tasks overall', [running('other', 'a')], 'b'],
    ['the service count before the total', [running('s', 'a'), running('x', 'b'), running('x', 'b')], 'b'],
    ['on a full tie, the lowest node id', [], 'a'],
    ['tasks of a node that left the cluster count for nothing', [running('s', 'gone')], 'a'],
  ] as [string, Task[], string][])('%s', (_, existing, expected) => {
    const plan = place({ nodes: nodes('b', 'a'), tasks: [...existing, ...waiting('s', 1)], now: NOW });
    expect(plan.placed).toEqual([{ taskId: 's.1', nodeId: expected }]);
  });

  it('spreads a batch over the nodes', () => {
    const plan = place({ nodes: nodes('a', 'b', 'c'), tasks: waiting('s', 7), now: NOW });
    expect(perNode(plan)).toEqual({ a: 3, b: 2, c: 2 });
  });

  it('spreads over label values first, nodes without the label as one more group', () => {
    const zoned = (id: string, zone?: string): Node => makeNode({ id, labels: zone ? { zone } : {} });
    const cluster = [zoned('a1', 'a'), zoned('b1', 'b'), zoned('b2', 'b'), zoned('b3', 'b'), zoned('n1'), zoned('n2')];
    const plan = place({
      nodes: cluster,
      tasks: waiting('s', 6, { placement: { preferences: [{ spread: 'node.labels.zone' }] } }),
      now: NOW,
    });
    expect(perNode(plan)).toEqual({ a1: 2, b1: 1, b2: 1, n1: 1, n2: 1 });
  });

  it('reads a label a user set over the one the agent started with', () => {
    const cluster = [
      makeNode({ id: 'a', labels: { zone: 'x' }, description: { labels: { zone: 'y' } } }),
      makeNode({ id: 'b', description: { labels: { zone: 'x' } } }),
      makeNode({ id: 'c', description: { labels: { zone: 'y' } } }),
    ];
    const plan = place({
      nodes: cluster,
      tasks: waiting('s', 2, { placement: { preferences: [{ spread: 'node.labels.zone' }] } }),
      now: NOW,
    });
    expect(perNode(plan)).toEqual({ a: 1, c: 1 });
  });

  it('nests preferences: zone, then rack within the zone', () => {
    const node = (id: string, zone: string, rack: string): Node => makeNode({ id, labels: { zone, rack } });
    const cluster = [node('a', 'z1', 'r1'), node('b', 'z1', 'r1'), node('c', 'z1', 'r2'), node('d', 'z2', 'r3')];
    const spec = { placement: { preferences: [{ spread: 'node.labels.zone' }, { spread: 'node.labels.rack' }] } };
    const plan = place({ nodes: cluster, tasks: waiting('s', 4, spec), now: NOW });
    expect(perNode(plan)).toEqual({ a: 1, c: 1, d: 2 });
  });

  it('counts tasks already in a label group', () => {
    const cluster = [
      makeNode({ id: 'a', labels: { zone: 'x' } }),
      makeNode({ id: 'b', labels: { zone: 'y' } }),
      makeNode({ id: 'c', labels: { zone: 'y' } }),
    ];
    const spec = { placement: { preferences: [{ spread: 'node.labels.zone' }] } };
    const plan = place({
      nodes: cluster,
      tasks: [running('s', 'b'), running('s', 'c'), ...waiting('s', 2, spec)],
      now: NOW,
    });
    expect(perNode(plan)).toEqual({ a: 2 });
  });

  it('shares service counts between tasks of two spec versions placed in one call', () => {
    const tasks = [...waiting('s', 1, {}, { specVersion: 1 }), ...waiting('s', 1, {}, { specVersion: 2, id: 's.v2' })];
    expect(perNode(place({ nodes: nodes('a', 'b'), tasks, now: NOW }))).toEqual({ a: 1, b: 1 });
  });
});

// ---------------------------------------------------------------- properties

const arbNode = (i: number) =>
  fc
    .record({
      status: fc.constantFrom('ready', 'ready', 'down'),
      availability: fc.constantFrom('active', 'active', 'pause', 'drain'),
      zone: fc.constantFrom('a', 'b', undefined),
      role: fc.constantFrom('manager', 'worker'),
      cpus: fc.integer({ min: 0, max: 4 }),
      memGib: fc.integer({ min: 0, max: 4 }),
    })
    .map((n) =>
      makeNode({
        id: `n${String(i).padStart(3, '0')}`,
        status: n.status,
        availability: n.availability,
        labels: n.zone ? { zone: n.zone } : {},
        description: { role: n.role, resources: { nanoCpus: n.cpus * 1e9, memoryBytes: n.memGib * GIB } },
      }),
    );
const arbCluster = fc
  .integer({ min: 0, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbNode(i))));

const arbService = (i: number) =>
  fc
    .record({
      count: fc.integer({ min: 0, max: 15 }),
      constraints: fc.subarray([
        'node.role==worker',
        'node.labels.zone!=a',
        'node.labels.zone==b',
        'node.role!=worker',
      ]),
      cpus: fc.constantFrom(0, 0.5, 1),
      memGib: fc.constantFrom(0, 1),
      maxPerNode: fc.constantFrom(0, 0, 1, 2),
      spread: fc.boolean(),
    })
    .map((s) =>
      waiting(`s${i}`, s.count, {
        placement: {
          constraints: s.constraints,
          maxReplicasPerNode: s.maxPerNode,
          preferences: s.spread ? [{ spread: 'node.labels.zone' }] : [],
        },
        resources: { reservations: { nanoCpus: s.cpus * 1e9, memoryBytes: s.memGib * GIB } },
      }),
    );
const arbWork = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbService(i))).map((ss) => ss.flat()));

describe('planPlacements: properties', () => {
  it('never places a task on a node that is down, drained or paused', () => {
    fc.assert(
      fc.property(arbCluster, arbWork, (cluster, tasks) => {
        const byId = new Map(cluster.map((n) => [n.id, n]));
        const plan = place({ nodes: cluster, tasks, now: NOW });
        for (const p of plan.placed) {
          expect(byId.get(p.nodeId)).toMatchObject({ status: 'ready', availability: 'active' });
        }
        expect(plan.placed.length + plan.unplaced.length).toBe(tasks.length);
      }),
      { numRuns: 100 },
    );
  });

  it('a placed task satisfies its constraints, its node keeps within its resources and max replicas', () => {
    fc.assert(
      fc.property(arbCluster, arbWork, (cluster, tasks) => {
        const byId = new Map(cluster.map((n) => [n.id, n]));
        const taskById = new Map(tasks.map((t) => [t.id, t]));
        const used = new Map<string, { cpu: number; mem: number; perService: Map<string, number> }>();
        for (const p of place({ nodes: cluster, tasks, now: NOW }).placed) {
          const node = byId.get(p.nodeId)!;
          const task = taskById.get(p.taskId)!;
          for (const c of parseConstraints(task.spec.placement.constraints)!)
            expect(matchConstraint(c, node)).toBe(true);
          const u = used.get(p.nodeId) ?? { cpu: 0, mem: 0, perService: new Map() };
          u.cpu += task.spec.resources.reservations.nanoCpus;
          u.mem += task.spec.resources.reservations.memoryBytes;
          const onNode = (u.perService.get(task.serviceId) ?? 0) + 1;
          u.perService.set(task.serviceId, onNode);
          used.set(p.nodeId, u);
          expect(u.cpu).toBeLessThanOrEqual(node.description.resources.nanoCpus);
          expect(u.mem).toBeLessThanOrEqual(node.description.resources.memoryBytes);
          const max = task.spec.placement.maxReplicasPerNode;
          if (max > 0) expect(onNode).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('spread: with nothing constraining it, max - min tasks per node is at most 1, per service and overall', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 5 }),
        (nodeCount, counts) => {
          const cluster = Array.from({ length: nodeCount }, (_, i) => makeNode({ id: `n${i}` }));
          const tasks = counts.flatMap((c, i) => waiting(`s${i}`, c));
          const plan = place({ nodes: cluster, tasks, now: NOW });
          expect(plan.unplaced).toEqual([]);
          const spreadOf = (placed: PlacementPlan['placed']): number => {
            const per = cluster.map((n) => placed.filter((p) => p.nodeId === n.id).length);
            return Math.max(...per) - Math.min(...per);
          };
          expect(spreadOf(plan.placed)).toBeLessThanOrEqual(1);
          counts.forEach((_, i) =>
            expect(spreadOf(plan.placed.filter((p) => p.taskId.startsWith(`s${i}.`)))).toBeLessThanOrEqual(1),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
