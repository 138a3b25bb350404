// The cluster's published ports and the tasks behind them, pure, one service at a time: the same list
// for every node. Each node's agent applies the ingress-mode ports of every service (any backend, on
// any node) and the host-mode ports of the tasks it runs itself.
//
// A backend is a task wanted running that runs (a task with a healthcheck runs only once healthy)
// on a ready node, reached at its address on a network that is not internal: published traffic
// enters the task's host from outside, which an internal overlay never lets in.
import type { PublishedBackend__Output as PublishedBackend } from '../../proto/generated/shoal/v1/PublishedBackend';
import type { PublishedService__Output as PublishedService } from '../../proto/generated/shoal/v1/PublishedService';
import { bareAddress } from '../../domain/address';
import { sortItems } from '../../domain/network-map-model';
import type { Network, Node, Service, Task } from '../../proto/types';
import { isServing } from './network-map';

/** What a service's backends depend on beyond its tasks. */
export interface PublishedSources {
  network(id: string): Network | undefined;
  node(id: string): Node | undefined;
}

/** Service `s` with its published ports and its backends among `tasks` (its own); undefined when it publishes none. */
export function buildPublished(
  s: Service | undefined,
  tasks: readonly Task[],
  src: PublishedSources,
): PublishedService | undefined {
  const ports = s?.spec.endpoint.ports.filter((p) => p.publishedPort > 0) ?? [];
  if (!s || ports.length === 0) return undefined;
  const backends: PublishedBackend[] = [];
  for (const t of tasks) {
    if (t.serviceId !== s.id || !isServing(t)) continue;
    const node = src.node(t.nodeId);
    const reachable = t.addresses.find((a) => !src.network(a.networkId)?.spec.internal);
    if (node?.status !== 'ready' || !reachable) continue;
    backends.push({ address: bareAddress(reachable.address), nodeAddress: node.description.address });
  }
  return { serviceId: s.id, name: s.spec.name, ports, backends: sortItems(backends) };
}
