// Placement: which node each waiting task goes to, from a snapshot of nodes and tasks. Pure.
//
// Tasks are placed in groups that share a spec (same service and spec version), so the static
// filters run once per (group, node). Among the nodes that pass them, a task goes to the node with
// the fewest tasks of its service, then the fewest tasks overall, then the lowest node id; with
// `spread` preferences, first to the label value (at each level) with the fewest tasks of the
// service. Nodes sit in min-heaps under that order, so the next-best node costs O(log n). Placing a
// task only adds load, so a node that fails a load filter stays out for the rest of its group.
// What the tasks already on nodes take comes in as an index kept current from task changes
// (NodeLoadIndex), so a pass costs the nodes and the waiting tasks, not every task.
import { compileConstraints, nodeLabel, nodeLabelKey } from '../../domain/constraint';
import { isTerminal } from '../../domain/task-state';
import { compareStrings } from '../../lib/compare';
import type { Node, ServiceSpec, Task } from '../../proto/types';
import { hasNetworkAddresses } from '../allocator/plan';
import { countRejection, explainUnplaced, loadRejection, staticRejection, type RejectionCounts } from './filters';
import type { NodeLoads } from './node-load';

export interface PlacementInput {
  nodes: readonly Node[];
  /** The tasks that may be waiting for a node; others in the list are left alone. */
  tasks: readonly Task[];
  /** What the live tasks on each node take from it: every task's, not only the listed ones'. */
  load: NodeLoads;
  now: number;
}

export interface PlacementPlan {
  placed: { taskId: string; nodeId: string }[];
  unplaced: { taskId: string; reason: string }[];
}

/**
 * Wanted running, on no node yet, not ended, with its network addresses: a task the scheduler is to
 * place once its restart delay is over. A task without its addresses is left alone: its node would
 * have nothing to attach it with, and the allocation plan says why it waits.
 */
export function awaitsNode(t: Task): boolean {
  return t.desiredState === 'running' && t.nodeId === '' && !isTerminal(t.status.state) && hasNetworkAddresses(t);
}

/** The load of every node; indices follow the nodes sorted by id, so an index is also an id rank. */
interface ClusterLoad {
  nodes: Node[];
  freeNanoCpus: Float64Array;
  freeMemoryBytes: Float64Array;
  total: Int32Array;
  /** Tasks of each service per node, for the services with tasks waiting. */
  perService: Map<string, Int32Array>;
}

export function planPlacements(input: PlacementInput): PlacementPlan {
  const groups = groupWaiting(input.tasks, input.now);
  const plan: PlacementPlan = { placed: [], unplaced: [] };
  const load = measureLoad(input.nodes, input.load, new Set([...groups.values()].map((g) => g[0]!.serviceId)));
  for (const tasks of groups.values()) {
    placeGroup(
      tasks.filter((t) => !t.targetNodeId),
      load,
      plan,
    );
    for (const t of tasks) if (t.targetNodeId) placeOnTarget(t, load, plan);
  }
  return plan;
}

/** A rebalance's move goes to its target node only, or waits (its slot's old task keeps serving). */
function placeOnTarget(task: Task, load: ClusterLoad, plan: PlacementPlan): void {
  const i = load.nodes.findIndex((n) => n.id === task.targetNodeId);
  const need = task.spec.resources.reservations;
  const service = load.perService.get(task.serviceId)!;
  const constraints = compileConstraints(task.spec.placement.constraints);
  const r =
    i < 0
      ? null
      : (staticRejection(load.nodes[i]!, constraints) ??
        loadRejection(
          need,
          load.freeNanoCpus[i]!,
          load.freeMemoryBytes[i]!,
          service[i]!,
          task.spec.placement.maxReplicasPerNode,
        ));
  if (i < 0 || r !== null) {
    const counts: RejectionCounts = new Map();
    if (r !== null) countRejection(counts, r);
    plan.unplaced.push({
      taskId: task.id,
      reason: `waiting for its rebalance target: ${explainUnplaced(i < 0 ? 0 : 1, counts)}`,
    });
    return;
  }
  load.freeNanoCpus[i]! -= need.nanoCpus;
  load.freeMemoryBytes[i]! -= need.memoryBytes;
  load.total[i]! += 1;
  service[i]! += 1;
  plan.placed.push({ taskId: task.id, nodeId: task.targetNodeId });
}

/** Tasks to place now (see `awaitsNode`) by (service, spec version), in the order they first appear. */
function groupWaiting(tasks: readonly Task[], now: number): Map<string, Task[]> {
  const groups = new Map<string, Task[]>();
  for (const t of tasks) {
    if (!awaitsNode(t) || t.restartAt > now) continue;
    const key = `${t.serviceId}\u0000${t.specVersion}`;
    const group = groups.get(key);
    if (group) group.push(t);
    else groups.set(key, [t]);
  }
  return groups;
}

function measureLoad(input: readonly Node[], loads: NodeLoads, services: Set<string>): ClusterLoad {
  const nodes = [...input].sort((a, b) => compareStrings(a.id, b.id));
  const n = nodes.length;
  const load: ClusterLoad = {
    nodes,
    freeNanoCpus: new Float64Array(n),
    freeMemoryBytes: new Float64Array(n),
    total: new Int32Array(n),
    perService: new Map([...services].map((s) => [s, new Int32Array(n)])),
  };
  nodes.forEach((node, i) => {
    const taken = loads.of(node.id);
    load.freeNanoCpus[i] = node.description.resources.nanoCpus - (taken?.nanoCpus ?? 0);
    load.freeMemoryBytes[i] = node.description.resources.memoryBytes - (taken?.memoryBytes ?? 0);
    load.total[i] = taken?.tasks ?? 0;
    for (const [serviceId, perService] of load.perService) perService[i] = taken?.perService.get(serviceId) ?? 0;
  });
  return load;
}

function placeGroup(tasks: readonly Task[], load: ClusterLoad, plan: PlacementPlan): void {
  if (tasks.length === 0) return;
  const spec = tasks[0]!.spec;
  const service = load.perService.get(tasks[0]!.serviceId)!;
  const constraints = compileConstraints(spec.placement.constraints);
  const rejections: RejectionCounts = new Map();
  const eligible: number[] = [];
  load.nodes.forEach((node, i) => {
    const r = staticRejection(node, constraints);
    if (r === null) eligible.push(i);
    else countRejection(rejections, r);
  });
  const need = spec.resources.reservations;
  const maxPerNode = spec.placement.maxReplicasPerNode;
  const tree = new SpreadTree(eligible, spreadLevels(load.nodes, spec), service, load.total);

  let next = 0;
  for (; next < tasks.length; next++) {
    let chosen = -1;
    for (let i = tree.best(); i >= 0; i = tree.best()) {
      const r = loadRejection(need, load.freeNanoCpus[i]!, load.freeMemoryBytes[i]!, service[i]!, maxPerNode);
      if (r === null) {
        chosen = i;
        break;
      }
      countRejection(rejections, r);
      tree.dropBest();
    }
    if (chosen < 0) break;
    load.freeNanoCpus[chosen]! -= need.nanoCpus;
    load.freeMemoryBytes[chosen]! -= need.memoryBytes;
    load.total[chosen]! += 1;
    service[chosen]! += 1;
    tree.bumpBest();
    plan.placed.push({ taskId: tasks[next]!.id, nodeId: load.nodes[chosen]!.id });
  }
  if (next === tasks.length) return;
  const reason = explainUnplaced(load.nodes.length, rejections);
  for (; next < tasks.length; next++) plan.unplaced.push({ taskId: tasks[next]!.id, reason });
}

/**
 * For each `spread: node.labels.<key>` preference, each node's group at that level: nodes with the
 * same label value share a group, and nodes without the label share one of their own. A preference
 * on anything else puts every node in one group.
 */
function spreadLevels(nodes: readonly Node[], spec: ServiceSpec): Int32Array[] {
  return spec.placement.preferences.map((p) => {
    const key = nodeLabelKey(p.spread);
    const groupOf = new Map<string | undefined, number>();
    const level = new Int32Array(nodes.length);
    nodes.forEach((node, i) => {
      const value = key === undefined ? undefined : nodeLabel(node, key);
      let g = groupOf.get(value);
      if (g === undefined) groupOf.set(value, (g = groupOf.size));
      level[i] = g;
    });
    return level;
  });
}

/**
 * A min-heap of small integers under a caller's order. Only the top ever changes: it is removed, or
 * its key grows and it sinks.
 */
class MinHeap {
  private readonly items: number[];

  constructor(
    items: number[],
    private readonly less: (a: number, b: number) => boolean,
  ) {
    this.items = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.sink(i);
  }

  get size(): number {
    return this.items.length;
  }

  top(): number {
    return this.items.length > 0 ? this.items[0]! : -1;
  }

  pop(): void {
    const last = this.items.pop()!;
    if (this.items.length === 0) return;
    this.items[0] = last;
    this.sink(0);
  }

  /** The top's key grew: move it down to its place. */
  sinkTop(): void {
    this.sink(0);
  }

  private sink(at: number): void {
    const { items, less } = this;
    const n = items.length;
    const item = items[at]!;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && less(items[child + 1]!, items[child]!)) child++;
      if (!less(items[child]!, item)) break;
      items[at] = items[child]!;
      at = child;
    }
    items[at] = item;
  }
}

/** A group of nodes at one spread level: either further groups (by the next level) or nodes. */
interface Group {
  /** Tasks of the service on the group's nodes. */
  count: number;
  heap: MinHeap;
  /** Children by index, when the group holds groups; null when it holds nodes. */
  children: Group[] | null;
}

/** The eligible nodes of one group of tasks, arranged so that the best node is found at the tops. */
class SpreadTree {
  private readonly root: Group;
  /** The groups from the root down to the best node, refreshed by best(). */
  private path: Group[] = [];

  constructor(eligible: number[], levels: Int32Array[], service: Int32Array, total: Int32Array) {
    const lessNode = (a: number, b: number): boolean =>
      service[a]! !== service[b]! ? service[a]! < service[b]! : total[a]! !== total[b]! ? total[a]! < total[b]! : a < b;
    const build = (nodes: number[], depth: number): Group => {
      const count = nodes.reduce((sum, i) => sum + service[i]!, 0);
      if (depth === levels.length) return { count, heap: new MinHeap(nodes, lessNode), children: null };
      const byValue = new Map<number, number[]>();
      for (const i of nodes) {
        const g = levels[depth]![i]!;
        const members = byValue.get(g);
        if (members) members.push(i);
        else byValue.set(g, [i]);
      }
      const children = [...byValue.values()].map((members) => build(members, depth + 1));
      const lessGroup = (a: number, b: number): boolean =>
        children[a]!.count !== children[b]!.count ? children[a]!.count < children[b]!.count : a < b;
      return {
        count,
        heap: new MinHeap(
          children.map((_, i) => i),
          lessGroup,
        ),
        children,
      };
    };
    this.root = build(eligible, 0);
  }

  /** The best node, or -1 when none is left. */
  best(): number {
    this.path = [this.root];
    let g = this.root;
    while (g.children !== null) {
      if (g.heap.size === 0) return -1;
      g = g.children[g.heap.top()]!;
      this.path.push(g);
    }
    return g.heap.top();
  }

  /** A task was placed on the best node: its counts and its groups' counts grew. */
  bumpBest(): void {
    for (let d = this.path.length - 1; d >= 0; d--) {
      this.path[d]!.count += 1;
      this.path[d]!.heap.sinkTop();
    }
  }

  /** The best node can take no more tasks of this group: drop it, and any group it leaves empty. */
  dropBest(): void {
    for (let d = this.path.length - 1; d >= 0; d--) {
      const g = this.path[d]!;
      g.heap.pop();
      if (g.heap.size > 0) return;
    }
  }
}
