// Network-map planning on arrays: the planner's sources from a snapshot, and a node's whole map as an
// agent holds it after the complete set (planner → changes → agent/network-map-chunks.ts).
import { NetworkMapReceiver, type WholeNetworkMap } from '../../../../agent/network-map-chunks';
import type { NetworkMapChange } from '../../../../domain/network-map-model';
import { NetworkMapPlanner, type MapDirty, type MapSources } from '../../../../manager/dispatcher/network-map-planner';
import type { Network, Node, Service, Task } from '../../../../proto/types';

export interface MapInput {
  networks: readonly Network[];
  services: readonly Service[];
  tasks: readonly Task[];
  nodes: readonly Node[];
}

export function mapSources(input: MapInput): MapSources {
  return {
    networks: () => input.networks,
    services: () => input.services,
    network: (id) => input.networks.find((n) => n.id === id),
    service: (id) => input.services.find((s) => s.id === id),
    node: (id) => input.nodes.find((n) => n.id === id),
    tasksOfService: (id) => input.tasks.filter((t) => t.serviceId === id),
    tasksOnNode: (id) => input.tasks.filter((t) => t.nodeId === id),
  };
}

/** Everything dirty: a planner's first update (the dispatcher's task index marks every task's node). */
export function allDirty(input: MapInput): MapDirty {
  const nodes = new Set(input.tasks.map((t) => t.nodeId));
  return { networks: true, all: true, services: new Set(), nodes, nodeObjects: new Set() };
}

/** One batch applied by a fresh receiver or `into`, as the agent would: the whole map, and any problem. */
export function received(
  type: 'complete' | 'incremental',
  changes: NetworkMapChange[],
  into = new NetworkMapReceiver(),
  sequence = 1,
): { map: WholeNetworkMap; problems: string[] } {
  const out = into.receive({ sequence, type, batchBegin: true, batchEnd: true, changes });
  return { map: out.map!, problems: out.problems };
}

/** The whole map of `nodeId` as its agent holds it after the complete set of a planner fed `input`. */
export function nodeMap(nodeId: string, input: MapInput): WholeNetworkMap {
  const planner = new NetworkMapPlanner();
  planner.update(allDirty(input), mapSources(input));
  const { map, problems } = received('complete', planner.completeSet(nodeId).changes);
  if (problems.length) throw new Error(problems.join('; '));
  return map;
}
