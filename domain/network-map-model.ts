// A node's network map as keyed objects, and the changes that turn one map into another, pure. The
// manager plans the changes between what a node holds and what it must hold (planObjectChanges); the
// agent applies them (applyMapChange) and reads the whole map back (toNetworkViews, toPublished). Both
// sides use this one model, so after a batch the agent holds exactly the map the manager computed.
//
// The objects: a network's own fields, its peers (by node id) and its endpoints (by service id), and the
// cluster's published services (by service id). Each has at most one list of addresses (a peer's or an
// endpoint's `taskIps`, a published service's `backends`), which may be long (a service of 100,000
// replicas), so a change carries at most `MAP_LIST_PIECE` of them: "set" places the object with the
// first piece, "add" and "drop" move the others. Every list is kept sorted by address.
import type { NetworkMapChange__Output as NetworkMapChange } from '../proto/generated/shoal/v1/NetworkMapChange';
import type { NetworkPeer__Output as NetworkPeer } from '../proto/generated/shoal/v1/NetworkPeer';
import type { NetworkView__Output as NetworkView } from '../proto/generated/shoal/v1/NetworkView';
import type { PublishedBackend__Output as PublishedBackend } from '../proto/generated/shoal/v1/PublishedBackend';
import type { PublishedService__Output as PublishedService } from '../proto/generated/shoal/v1/PublishedService';
import type { ServiceEndpoint__Output as ServiceEndpoint } from '../proto/generated/shoal/v1/ServiceEndpoint';

export type { NetworkMapChange };

/**
 * Addresses in one change: 4,096 task IPs are at most 70 KiB encoded (17 bytes each), 4,096 backends at
 * most 150 KiB (36 each); with the rest of the object (ports and aliases, bounded by the spec-size limit
 * of domain/limits.ts, 64 KiB) one change stays under 256 KiB, a quarter of a message's budget.
 */
export const MAP_LIST_PIECE = 4096;

/** One network of a map: its own fields (peers and services empty), its peers and its endpoints. */
export interface MapNetwork {
  head: NetworkView;
  peers: Map<string, NetworkPeer>;
  endpoints: Map<string, ServiceEndpoint>;
}

/** A whole network map, keyed. */
export interface MapModel {
  networks: Map<string, MapNetwork>;
  published: Map<string, PublishedService>;
}

export function emptyMapModel(): MapModel {
  return { networks: new Map(), published: new Map() };
}

/** The kinds of object in a map, named as the change's `object` field names them. */
export type MapObjectKind = 'network' | 'peer' | 'endpoint' | 'published';

interface ObjectByKind {
  network: NetworkView;
  peer: NetworkPeer;
  endpoint: ServiceEndpoint;
  published: PublishedService;
}

type Item = string | PublishedBackend;

/** How each kind is keyed, where its list of addresses is, and what its bare key looks like on the wire. */
const KINDS: { [K in MapObjectKind]: { key(o: ObjectByKind[K]): string; items(o: ObjectByKind[K]): Item[] } } = {
  network: { key: (o) => o.id, items: () => [] },
  peer: { key: (o) => o.nodeId, items: (o) => o.taskIps },
  endpoint: { key: (o) => o.serviceId, items: (o) => o.taskIps },
  published: { key: (o) => o.serviceId, items: (o) => o.backends },
};

function withItems<K extends MapObjectKind>(kind: K, o: ObjectByKind[K], items: Item[]): ObjectByKind[K] {
  if (kind === 'network') return o;
  if (kind === 'published')
    return { ...(o as PublishedService), backends: items as PublishedBackend[] } as ObjectByKind[K];
  return { ...o, taskIps: items as string[] } as ObjectByKind[K];
}

/** The object reduced to its key and `items`: what "remove", "add" and "drop" carry. */
function bare<K extends MapObjectKind>(kind: K, key: string, items: Item[]): ObjectByKind[K] {
  switch (kind) {
    case 'network':
      return { id: key, name: '', vni: 0, subnet: '', gateway: '', internal: false, peers: [], services: [] } as never;
    case 'peer':
      return { nodeId: key, address: '', taskIps: items } as never;
    case 'endpoint':
      return {
        serviceId: key,
        name: '',
        shortName: '',
        stack: '',
        mode: '',
        vip: '',
        aliases: [],
        ports: [],
        taskIps: items,
      } as never;
    default:
      return { serviceId: key, name: '', ports: [], backends: items } as never;
  }
}

function change<K extends MapObjectKind>(
  op: string,
  networkId: string,
  kind: K,
  object: ObjectByKind[K],
): NetworkMapChange {
  return { op, networkId, object: kind, [kind]: object } as NetworkMapChange;
}

/** IPv4 "a.b.c.d" (a prefix length allowed) as a number, for ordering; 0 when it is not one. */
function ipNumber(text: string): number {
  const slash = text.indexOf('/');
  const parts = (slash < 0 ? text : text.slice(0, slash)).split('.');
  if (parts.length !== 4) return 0;
  return parts.reduce((n, p) => n * 256 + (Number(p) || 0), 0);
}

/** Bare IPv4 addresses in numeric order. */
export function compareIps(a: string, b: string): number {
  return ipNumber(a) - ipNumber(b);
}

/** Strings in code-unit order (lib/compare.ts's order; domain/ imports nothing but proto/). */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function itemKey(i: Item): string {
  return typeof i === 'string' ? i : `${i.address} ${i.nodeAddress}`;
}

/**
 * A list of addresses in the order every map holds it: by address (then node address, for backends).
 * Each address is parsed once, not at every comparison: a peer may hold thousands.
 */
export function sortItems<T extends Item>(items: T[]): T[] {
  const keyed = items.map((item) => ({
    item,
    ip: ipNumber(typeof item === 'string' ? item : item.address),
    node: typeof item === 'string' ? '' : item.nodeAddress,
  }));
  keyed.sort((a, b) => a.ip - b.ip || compareKeys(a.node, b.node));
  for (let i = 0; i < keyed.length; i++) items[i] = keyed[i]!.item;
  return items;
}

function pieces<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function headText<K extends MapObjectKind>(kind: K, o: ObjectByKind[K]): string {
  return JSON.stringify(withItems(kind, o, []));
}

/**
 * The changes that turn object `before` into `after` (either absent: a new or a removed object) of a
 * network (`networkId`, '' for a published service). A changed object other than in its addresses is
 * set again whole; a change of addresses alone adds and drops only those. Nothing changed: no change.
 */
export function planObjectChanges<K extends MapObjectKind>(
  kind: K,
  networkId: string,
  before: ObjectByKind[K] | undefined,
  after: ObjectByKind[K] | undefined,
  piece = MAP_LIST_PIECE,
): NetworkMapChange[] {
  const desc = KINDS[kind] as { key(o: ObjectByKind[K]): string; items(o: ObjectByKind[K]): Item[] };
  if (!after) return before ? [change('remove', networkId, kind, bare(kind, desc.key(before), []))] : [];
  const key = desc.key(after);
  const items = desc.items(after);
  if (!before || headText(kind, before) !== headText(kind, after)) {
    const [first = [], ...rest] = pieces(items, piece);
    return [
      change('set', networkId, kind, withItems(kind, after, first)),
      ...rest.map((p) => change('add', networkId, kind, bare(kind, key, p))),
    ];
  }
  const old = new Set(desc.items(before).map(itemKey));
  const now = new Set(items.map(itemKey));
  const dropped = desc.items(before).filter((i) => !now.has(itemKey(i)));
  const added = items.filter((i) => !old.has(itemKey(i)));
  return [
    ...pieces(dropped, piece).map((p) => change('drop', networkId, kind, bare(kind, key, p))),
    ...pieces(added, piece).map((p) => change('add', networkId, kind, bare(kind, key, p))),
  ];
}

/** The change that removes network `id` from a map, with its peers and endpoints. */
export function networkRemoval(id: string): NetworkMapChange {
  return change('remove', id, 'network', bare('network', id, []));
}

/** Every change that builds `network` from nothing: the network, then its peers and endpoints. */
export function planNetworkChanges(network: MapNetwork, piece = MAP_LIST_PIECE): NetworkMapChange[] {
  const id = network.head.id;
  return [
    ...planObjectChanges('network', id, undefined, network.head, piece),
    ...[...network.peers.values()].flatMap((p) => planObjectChanges('peer', id, undefined, p, piece)),
    ...[...network.endpoints.values()].flatMap((e) => planObjectChanges('endpoint', id, undefined, e, piece)),
  ];
}

/**
 * Applies one change to `model` (in place). Returns why it could not be applied (its network or object
 * is not in the model, or it names no object), or undefined.
 */
export function applyMapChange(model: MapModel, c: NetworkMapChange): string | undefined {
  const kind = c.object;
  const object = kind ? c[kind] : undefined;
  if (!kind || !object) return `a "${c.op}" change names no object`;
  if (kind === 'network') {
    const head = object as NetworkView;
    if (c.op === 'remove') model.networks.delete(head.id);
    else if (c.op !== 'set') return `a network cannot be changed by "${c.op}"`;
    else {
      const known = model.networks.get(head.id);
      const fresh = { ...head, peers: [], services: [] };
      if (known) known.head = fresh;
      else model.networks.set(head.id, { head: fresh, peers: new Map(), endpoints: new Map() });
    }
    return undefined;
  }
  let objects: Map<string, ObjectByKind[typeof kind]>;
  if (kind === 'published') objects = model.published;
  else {
    const network = model.networks.get(c.networkId);
    if (!network) return `a ${kind} change of network ${c.networkId}, which the map does not hold`;
    objects = kind === 'peer' ? network.peers : network.endpoints;
  }
  const desc = KINDS[kind] as { key(o: object): string; items(o: object): Item[] };
  const key = desc.key(object);
  const known = objects.get(key);
  switch (c.op) {
    case 'set':
      objects.set(key, withItems(kind, object as never, sortItems([...desc.items(object)])));
      return undefined;
    case 'remove':
      objects.delete(key);
      return undefined;
    case 'add':
    case 'drop': {
      if (!known) return `"${c.op}" to ${kind} ${key}, which the map does not hold`;
      const moved = desc.items(object);
      const gone = new Set(c.op === 'drop' ? moved.map(itemKey) : []);
      const items =
        c.op === 'add'
          ? sortItems([...desc.items(known), ...moved])
          : desc.items(known).filter((i) => !gone.has(itemKey(i)));
      objects.set(key, withItems(kind, known as never, items));
      return undefined;
    }
    default:
      return `unknown change "${c.op}"`;
  }
}

/** The map's networks as whole views: by name, each with its peers by node id and services by name. */
export function toNetworkViews(model: MapModel): NetworkView[] {
  return [...model.networks.values()]
    .map((n) => ({
      ...n.head,
      peers: [...n.peers.values()].sort((a, b) => compareKeys(a.nodeId, b.nodeId)),
      services: [...n.endpoints.values()].sort((a, b) => compareKeys(a.name, b.name)),
    }))
    .sort((a, b) => compareKeys(a.name, b.name));
}

/** The map's published services by name. */
export function toPublished(model: MapModel): PublishedService[] {
  return [...model.published.values()].sort((a, b) => compareKeys(a.name, b.name));
}
