// The objects of a network map, pure: what a node needs for its overlays, DNS and VIPs, one object at a
// time, so that only what a change touched is built again (network-map-planner.ts decides what that
// is). A network is in a node's map when it is allocated and the node has a task on it; then the map
// holds the network's peers (ready nodes with tasks on it, with their underlay address and task
// addresses) and the services attached (VIP, aliases, ports, and the addresses of their running tasks).
//
// Two notions of "on the network": a task that has not ended still has its container attached, so
// it keeps its node among the network's peers (the datapath must reach it while it stops); but DNS
// and VIPs balance only over tasks wanted running that run, so a task being shut down leaves the
// service's `taskIps` at once.
import type { NetworkPeer__Output as NetworkPeer } from '../../proto/generated/shoal/v1/NetworkPeer';
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import type { ServiceEndpoint__Output as ServiceEndpoint } from '../../proto/generated/shoal/v1/ServiceEndpoint';
import { bareAddress } from '../../domain/address';
import { sortItems } from '../../domain/network-map-model';
import { shortName } from '../../domain/naming';
import { isTerminal } from '../../domain/task-state';
import type { Network, Node, Service, Task } from '../../proto/types';

/** A task whose container is attached to its networks: placed and not ended. */
export function isAttached(t: Task): boolean {
  return t.nodeId !== '' && !isTerminal(t.status.state);
}

/** A task DNS, VIPs and published ports lead to: wanted running, and running (healthy, with a healthcheck). */
export function isServing(t: Task): boolean {
  return t.desiredState === 'running' && t.status.state === 'running';
}

/** The addresses of `tasks` on each network, bare, by network id. */
export function addressesByNetwork(tasks: readonly Task[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of tasks) {
    for (const a of t.addresses) {
      const list = out.get(a.networkId);
      if (list) list.push(bareAddress(a.address));
      else out.set(a.networkId, [bareAddress(a.address)]);
    }
  }
  return out;
}

/** A network's own fields in a map; undefined while it has no allocation (it is in no map yet). */
export function buildNetworkHead(n: Network): NetworkView | undefined {
  const a = n.allocation;
  if (!a) return undefined;
  return {
    id: n.id,
    name: n.spec.name,
    vni: a.vni,
    subnet: a.subnet,
    gateway: a.gateway,
    internal: n.spec.internal,
    peers: [],
    services: [],
  };
}

/** A node with tasks on a network (`taskIps`, its tasks' addresses there), as a peer: only while it is ready. */
export function buildPeer(node: Node | undefined, taskIps: readonly string[]): NetworkPeer | undefined {
  if (!node || node.status !== 'ready' || taskIps.length === 0) return undefined;
  return { nodeId: node.id, address: node.description.address, taskIps: sortItems([...taskIps]) };
}

/**
 * A service as seen from network `n`, when the service is attached to it (by name): `taskIps` are the
 * addresses of its serving tasks on `n`.
 */
export function buildEndpoint(
  s: Service | undefined,
  n: Network,
  taskIps: readonly string[],
): ServiceEndpoint | undefined {
  const attachment = s?.spec.networks.find((a) => a.target === n.spec.name);
  if (!s || !attachment) return undefined;
  const vip = s.spec.endpoint.mode === 'vip' ? s.virtualIps.find((v) => v.networkId === n.id) : undefined;
  return {
    serviceId: s.id,
    name: s.spec.name,
    shortName: shortName(s.spec.stack, s.spec.name),
    stack: s.spec.stack,
    mode: s.spec.endpoint.mode,
    vip: vip ? bareAddress(vip.address) : '',
    aliases: [...attachment.aliases].sort(),
    ports: s.spec.endpoint.ports,
    taskIps: sortItems([...taskIps]),
  };
}
