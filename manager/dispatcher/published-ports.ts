// The cluster's published ports and the tasks behind them, pure: one list, the same for every node.
// Each node's agent applies the ingress-mode ports of every service (any backend, on any node) and
// the host-mode ports of the tasks it runs itself.
//
// A backend is a task wanted running that runs (a task with a healthcheck runs only once healthy)
// on a ready node, reached at its address on a network that is not internal: published traffic
// enters the task's host from outside, which an internal overlay never lets in.
import type { PublishedService__Output as PublishedService } from '../../proto/generated/shoal/v1/PublishedService';
import { bareAddress } from '../../domain/address';
import { compareStrings } from '../../lib/compare';
import { byIp, type NetworkMapInput } from './network-map';

/** Every service that publishes a port, by name, with its backends sorted by address. */
export function planPublishedServices(input: NetworkMapInput): PublishedService[] {
  const publishing = input.services.filter((s) => s.spec.endpoint.ports.some((p) => p.publishedPort > 0));
  if (publishing.length === 0) return [];
  const ids = new Set(publishing.map((s) => s.id));
  const internal = new Set(input.networks.filter((n) => n.spec.internal).map((n) => n.id));
  const ready = new Map(input.nodes.filter((n) => n.status === 'ready').map((n) => [n.id, n.description.address]));
  const backends = new Map<string, { address: string; nodeAddress: string }[]>();
  for (const t of input.tasks) {
    if (!ids.has(t.serviceId) || t.desiredState !== 'running' || t.status.state !== 'running') continue;
    const nodeAddress = ready.get(t.nodeId);
    const reachable = t.addresses.find((a) => !internal.has(a.networkId));
    if (!nodeAddress || !reachable) continue;
    const list = backends.get(t.serviceId) ?? [];
    list.push({ address: bareAddress(reachable.address), nodeAddress });
    backends.set(t.serviceId, list);
  }
  return publishing
    .map((s) => ({
      serviceId: s.id,
      name: s.spec.name,
      ports: s.spec.endpoint.ports.filter((p) => p.publishedPort > 0),
      backends: (backends.get(s.id) ?? []).sort((a, b) => byIp(a.address, b.address)),
    }))
    .sort((a, b) => compareStrings(a.name, b.name));
}
