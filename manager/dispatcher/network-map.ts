// What a node needs for its overlays, DNS and VIPs, pure: the networks its tasks are on, and for
// each the peers (nodes with tasks on it, with their underlay address and task addresses) and the
// services attached (VIP, aliases, ports, and the addresses of their running tasks).
//
// Two notions of "on the network": a task that has not ended still has its container attached, so
// it keeps its node among the network's peers (the datapath must reach it while it stops); but DNS
// and VIPs balance only over tasks wanted running that run, so a task being shut down leaves the
// service's `taskIps` at once.
import type { NetworkPeer__Output as NetworkPeer } from '../../proto/generated/shoal/v1/NetworkPeer';
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import type { ServiceEndpoint__Output as ServiceEndpoint } from '../../proto/generated/shoal/v1/ServiceEndpoint';
import { shortName } from '../../domain/naming';
import { isTerminal } from '../../domain/task-state';
import type { Network, Node, Service, Task } from '../../proto/types';
import { addressIp } from '../allocator/ipam';
import { bareAddress } from '../../domain/address';
import { compareStrings } from '../../lib/compare';

export interface NetworkMapInput {
  networks: readonly Network[];
  services: readonly Service[];
  tasks: readonly Task[];
  nodes: readonly Node[];
}

/** Bare IPv4 addresses in numeric order. */
export function byIp(a: string, b: string): number {
  return (addressIp(a) ?? 0) - (addressIp(b) ?? 0);
}

/** The network map of one node: its networks sorted by name. */
export function planNetworkMap(nodeId: string, input: NetworkMapInput): NetworkView[] {
  return planNetworkMaps([nodeId], input).get(nodeId) ?? [];
}

/**
 * The network maps of several nodes at once: each network's view is built once and shared by every
 * node on it, so a dispatcher with many sessions does one pass over the tasks per change.
 */
export function planNetworkMaps(nodeIds: readonly string[], input: NetworkMapInput): Map<string, NetworkView[]> {
  const ready = new Map(input.nodes.filter((n) => n.status === 'ready').map((n) => [n.id, n]));
  // network id -> node id -> task addresses on that network; and network id -> service id -> running task addresses.
  const attached = new Map<string, Map<string, string[]>>();
  const serving = new Map<string, Map<string, string[]>>();
  for (const t of input.tasks) {
    if (!t.nodeId || isTerminal(t.status.state)) continue;
    const runs = t.desiredState === 'running' && t.status.state === 'running';
    for (const a of t.addresses) {
      push(attached, a.networkId, t.nodeId, bareAddress(a.address));
      if (runs) push(serving, a.networkId, t.serviceId, bareAddress(a.address));
    }
  }
  const views = new Map<string, NetworkView>();
  const view = (n: Network): NetworkView => {
    let v = views.get(n.id);
    if (!v) views.set(n.id, (v = buildView(n, attached.get(n.id)!, serving.get(n.id), ready, input.services)));
    return v;
  };
  const networks = input.networks
    .filter((n) => n.allocation && attached.has(n.id))
    .sort((a, b) => compareStrings(a.spec.name, b.spec.name));
  const out = new Map<string, NetworkView[]>();
  for (const nodeId of nodeIds) out.set(nodeId, networks.filter((n) => attached.get(n.id)!.has(nodeId)).map(view));
  return out;
}

function push(index: Map<string, Map<string, string[]>>, outer: string, inner: string, value: string): void {
  let m = index.get(outer);
  if (!m) index.set(outer, (m = new Map<string, string[]>()));
  const list = m.get(inner);
  if (list) list.push(value);
  else m.set(inner, [value]);
}

function buildView(
  n: Network,
  onNodes: Map<string, string[]>,
  running: Map<string, string[]> | undefined,
  ready: Map<string, Node>,
  services: readonly Service[],
): NetworkView {
  const peers: NetworkPeer[] = [...onNodes]
    .filter(([nodeId]) => ready.has(nodeId))
    .map(([nodeId, ips]) => ({ nodeId, address: ready.get(nodeId)!.description.address, taskIps: [...ips].sort(byIp) }))
    .sort((a, b) => compareStrings(a.nodeId, b.nodeId));
  const endpoints: ServiceEndpoint[] = [];
  for (const s of services) {
    const attachment = s.spec.networks.find((a) => a.target === n.spec.name);
    if (!attachment) continue;
    const vip = s.spec.endpoint.mode === 'vip' ? s.virtualIps.find((v) => v.networkId === n.id) : undefined;
    endpoints.push({
      serviceId: s.id,
      name: s.spec.name,
      shortName: shortName(s.spec.stack, s.spec.name),
      stack: s.spec.stack,
      mode: s.spec.endpoint.mode,
      vip: vip ? bareAddress(vip.address) : '',
      aliases: [...attachment.aliases].sort(),
      ports: s.spec.endpoint.ports,
      taskIps: [...(running?.get(s.id) ?? [])].sort(byIp),
    });
  }
  endpoints.sort((a, b) => compareStrings(a.name, b.name));
  const a = n.allocation!;
  return {
    id: n.id,
    name: n.spec.name,
    vni: a.vni,
    subnet: a.subnet,
    gateway: a.gateway,
    internal: n.spec.internal,
    peers,
    services: endpoints,
  };
}
