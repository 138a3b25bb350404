// The cluster's network-map objects, kept current a change at a time: decides which objects a change
// touched, builds only those again (network-map.ts, published-ports.ts) and says what changed, per
// network and for the published ports, as changes every node on a network receives alike. No I/O and
// no clock: the same sources and the same dirty marks give the same changes, so it is tested directly.
//
// What a change touches: a node's tasks or status → its peers on every network it has tasks on, its
// membership of those networks (a network is in the map of each node with a task on it) and the
// published backends of the services serving on it; a service's spec, VIPs or tasks → its endpoints
// on every network it is or was attached to, and its published ports; a network → its own fields, and
// whether it is in the maps at all (allocated and with tasks on it). A network that enters the maps is
// built whole; one that leaves is removed whole.
import {
  emptyMapModel,
  networkRemoval,
  planNetworkChanges,
  planObjectChanges,
  type MapModel,
  type MapNetwork,
  type NetworkMapChange,
} from '../../domain/network-map-model';
import type { Network, Service, Task } from '../../proto/types';
import { addressesByNetwork, buildEndpoint, buildNetworkHead, buildPeer, isAttached, isServing } from './network-map';
import { buildPublished, type PublishedSources } from './published-ports';

/** What the planner reads: ClusterState in the dispatcher, arrays in tests. */
export interface MapSources extends PublishedSources {
  networks(): readonly Network[];
  services(): readonly Service[];
  service(id: string): Service | undefined;
  tasksOfService(id: string): readonly Task[];
  tasksOnNode(id: string): readonly Task[];
}

/** What changed since the last update. */
export interface MapDirty {
  /** Some network changed (created, allocated, removed): every network is looked at. */
  networks: boolean;
  /**
   * Everything is looked at (a first update, or the state reloaded): every network and service, and
   * every node that had tasks; nodes that have tasks now are in `nodes`.
   */
  all: boolean;
  /** Services whose spec, VIPs or tasks changed. */
  services: Set<string>;
  /** Nodes whose tasks changed: their peers, and the networks they are on. */
  nodes: Set<string>;
  /** Nodes whose own status or address changed: their peers, and the published backends on them. */
  nodeObjects: Set<string>;
}

export function noneDirty(): MapDirty {
  return { networks: false, all: false, services: new Set(), nodes: new Set(), nodeObjects: new Set() };
}

/** What one update changed: the networks that entered or left the maps, and the changes of the others. */
export interface MapDelta {
  /**
   * Networks built whole: new in the maps, or renamed (then in `removed` too). A node that has one is
   * sent it whole, after the removal of what it held of it.
   */
  added: Set<string>;
  /** Networks no longer in the maps. */
  removed: Set<string>;
  /** Networks whose set of nodes (with tasks on it) changed: a node may have joined or left one. */
  membership: Set<string>;
  /** The changes of networks in the maps before and after, for every node that has them. */
  changes: Map<string, NetworkMapChange[]>;
  /** The changes of the published ports, for every node. */
  published: NetworkMapChange[];
}

/** What one node is sent, and the networks it holds once it has it. */
export interface SessionChanges {
  changes: NetworkMapChange[];
  networks: Set<string>;
}

export class NetworkMapPlanner {
  /** Every network in some node's map with all its objects, and every published service. */
  readonly model: MapModel = emptyMapModel();
  /** Network id → node id → the addresses of that node's attached tasks on it (ready or not). */
  private readonly members = new Map<string, Map<string, string[]>>();
  /** Node id → the networks it has attached tasks on. */
  private readonly nodeNetworks = new Map<string, Set<string>>();
  /** Service id → the networks it has an endpoint on in the model. */
  private readonly serviceNetworks = new Map<string, Set<string>>();

  /** Whether `nodeId` has network `networkId` in its map. */
  nodeHas(nodeId: string, networkId: string): boolean {
    return this.model.networks.has(networkId) && (this.members.get(networkId)?.has(nodeId) ?? false);
  }

  /** The whole map of `nodeId`, as the changes that build it from nothing, and the networks it holds. */
  completeSet(nodeId: string): SessionChanges {
    const networks = [...(this.nodeNetworks.get(nodeId) ?? [])].flatMap((id) => this.model.networks.get(id) ?? []);
    const published = [...this.model.published.values()];
    return {
      changes: [
        ...networks.flatMap((n) => planNetworkChanges(n)),
        ...published.flatMap((p) => planObjectChanges('published', '', undefined, p)),
      ],
      networks: new Set(networks.map((n) => n.head.id)),
    };
  }

  /**
   * What node `nodeId`, holding the networks `held`, must be sent after `delta`: a network it no longer
   * has (or that was built whole) removed, a network it now has whole, the changes of the others, and
   * the published ports' changes. With the networks it then holds.
   */
  changesFor(nodeId: string, held: ReadonlySet<string>, delta: MapDelta): SessionChanges {
    const networks = new Set(held);
    const changes: NetworkMapChange[] = [];
    for (const id of new Set([...delta.removed, ...delta.added, ...delta.membership, ...delta.changes.keys()])) {
      const wanted = this.nodeHas(nodeId, id);
      if (networks.has(id) && (!wanted || delta.added.has(id))) {
        changes.push(networkRemoval(id));
        networks.delete(id);
      }
      if (!wanted) continue;
      if (networks.has(id)) changes.push(...(delta.changes.get(id) ?? []));
      else {
        changes.push(...planNetworkChanges(this.model.networks.get(id)!));
        networks.add(id);
      }
    }
    changes.push(...delta.published);
    return { changes, networks };
  }

  update(dirty: MapDirty, src: MapSources): MapDelta {
    const delta: MapDelta = {
      added: new Set(),
      removed: new Set(),
      membership: new Set(),
      changes: new Map(),
      published: [],
    };
    const networks = new Map(src.networks().map((n) => [n.id, n]));
    const byName = new Map([...networks.values()].map((n) => [n.spec.name, n.id]));
    const services = new Set(dirty.services);
    const nodes = new Set([...dirty.nodes, ...dirty.nodeObjects]);
    if (dirty.all) {
      for (const s of src.services()) services.add(s.id);
      for (const id of [...this.serviceNetworks.keys(), ...this.model.published.keys()]) services.add(id);
      for (const id of this.nodeNetworks.keys()) nodes.add(id);
    }
    const published = new Set(services);
    if (dirty.networks) for (const id of this.model.published.keys()) published.add(id);

    // Nodes: their attached addresses per network, hence their peers and the networks they are on.
    const peers = new Map<string, Set<string>>();
    for (const nodeId of nodes) {
      const tasks = src.tasksOnNode(nodeId).filter((t) => t.nodeId === nodeId && isAttached(t));
      if (dirty.nodeObjects.has(nodeId)) for (const t of tasks) if (isServing(t)) published.add(t.serviceId);
      const now = addressesByNetwork(tasks);
      for (const net of new Set([...(this.nodeNetworks.get(nodeId) ?? []), ...now.keys()])) {
        const ips = now.get(net);
        let onNet = this.members.get(net);
        if (!onNet) this.members.set(net, (onNet = new Map<string, string[]>()));
        if (onNet.has(nodeId) !== (ips !== undefined)) delta.membership.add(net);
        if (ips) onNet.set(nodeId, ips);
        else onNet.delete(nodeId);
        if (onNet.size === 0) this.members.delete(net);
        addTo(peers, net, nodeId);
      }
      if (now.size) this.nodeNetworks.set(nodeId, new Set(now.keys()));
      else this.nodeNetworks.delete(nodeId);
    }

    // Networks: in the maps or not, and their own fields. One that enters the maps, or is renamed (its
    // endpoints are attached by name), is built whole: `delta.added`.
    const whole = delta.added;
    const candidates =
      dirty.networks || dirty.all
        ? new Set([...networks.keys(), ...this.model.networks.keys()])
        : new Set(delta.membership);
    for (const id of candidates) {
      const n = networks.get(id);
      const head = n && this.members.has(id) ? buildNetworkHead(n) : undefined;
      const known = this.model.networks.get(id);
      if (!head) {
        if (known) this.removeNetwork(id, known, delta);
        continue;
      }
      if (known?.head.name === head.name) {
        push(delta.changes, id, planObjectChanges('network', id, known.head, head));
        known.head = head;
        continue;
      }
      if (known) this.removeNetwork(id, known, delta);
      this.model.networks.set(id, { head, peers: new Map(), endpoints: new Map() });
      whole.add(id);
    }

    // Endpoints: of the services that changed, and every one of a network built whole.
    const endpoints = new Map<string, Set<string>>();
    for (const serviceId of services) {
      for (const net of this.serviceNetworks.get(serviceId) ?? []) addTo(endpoints, net, serviceId);
      for (const a of src.service(serviceId)?.spec.networks ?? []) {
        const net = byName.get(a.target);
        if (net) addTo(endpoints, net, serviceId);
      }
    }
    if (whole.size) {
      for (const s of src.services()) {
        for (const a of s.spec.networks) {
          const net = byName.get(a.target);
          if (net && whole.has(net)) addTo(endpoints, net, s.id);
        }
      }
      for (const id of whole) for (const nodeId of this.members.get(id)!.keys()) addTo(peers, id, nodeId);
    }

    for (const [id, nodeIds] of peers) {
      const network = this.model.networks.get(id);
      if (!network) continue;
      for (const nodeId of nodeIds) {
        const after = buildPeer(src.node(nodeId), this.members.get(id)?.get(nodeId) ?? []);
        const changes = planObjectChanges('peer', id, network.peers.get(nodeId), after);
        if (after) network.peers.set(nodeId, after);
        else network.peers.delete(nodeId);
        if (!whole.has(id)) push(delta.changes, id, changes);
      }
    }

    const serving = new Map<string, Map<string, string[]>>();
    const servingOf = (serviceId: string) => {
      let ips = serving.get(serviceId);
      if (!ips) {
        const tasks = src.tasksOfService(serviceId).filter((t) => isAttached(t) && isServing(t));
        serving.set(serviceId, (ips = addressesByNetwork(tasks)));
      }
      return ips;
    };
    for (const [id, serviceIds] of endpoints) {
      const network = this.model.networks.get(id);
      if (!network) continue;
      for (const serviceId of serviceIds) {
        const after = buildEndpoint(src.service(serviceId), networks.get(id)!, servingOf(serviceId).get(id) ?? []);
        const changes = planObjectChanges('endpoint', id, network.endpoints.get(serviceId), after);
        if (after) {
          network.endpoints.set(serviceId, after);
          addTo(this.serviceNetworks, serviceId, id);
        } else {
          network.endpoints.delete(serviceId);
          removeFrom(this.serviceNetworks, serviceId, id);
        }
        if (!whole.has(id)) push(delta.changes, id, changes);
      }
    }

    for (const serviceId of published) {
      const after = buildPublished(src.service(serviceId), src.tasksOfService(serviceId), src);
      delta.published.push(...planObjectChanges('published', '', this.model.published.get(serviceId), after));
      if (after) this.model.published.set(serviceId, after);
      else this.model.published.delete(serviceId);
    }
    return delta;
  }

  private removeNetwork(id: string, known: MapNetwork, delta: MapDelta): void {
    this.model.networks.delete(id);
    delta.removed.add(id);
    for (const serviceId of known.endpoints.keys()) removeFrom(this.serviceNetworks, serviceId, id);
  }
}

function push<V>(index: Map<string, V[]>, key: string, values: readonly V[]): void {
  if (values.length === 0) return;
  const list = index.get(key);
  if (list) list.push(...values);
  else index.set(key, [...values]);
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
