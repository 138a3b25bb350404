// `network ls` and `network inspect`: networks, as the manager sends them, as a table and as JSON.
import type { Network__Output as Network } from '../../proto/generated/shoal/v1/Network';
import type { ServiceView__Output as ServiceView } from '../../proto/generated/shoal/v1/ServiceView';
import { naturalCompare } from './natural-compare';
import { renderTable, shortId } from './table';

/** Every Shoal network spans the cluster's nodes, like Docker's "swarm" scope. */
const NETWORK_SCOPE = 'cluster';

export interface NetworkJson {
  id: string;
  name: string;
  driver: string;
  scope: string;
  /** The stack that created it; "" for a network made with `network create`. */
  stack: string;
  internal: boolean;
  attachable: boolean;
  /** "" until the manager has allocated the network. */
  subnet: string;
  gateway: string;
  vni: number;
  labels: Record<string, string>;
}

export interface NetworkDetailJson extends NetworkJson {
  createdAt: number;
  /** The services attached, with their virtual IP on this network ("" in dnsrr mode or until allocated). */
  services: { id: string; name: string; vip: string }[];
}

export function toNetworkJson(n: Network): NetworkJson {
  return {
    id: n.id,
    name: n.spec?.name ?? '',
    driver: n.spec?.driver ?? '',
    scope: NETWORK_SCOPE,
    stack: n.spec?.stack ?? '',
    internal: n.spec?.internal ?? false,
    attachable: n.spec?.attachable ?? false,
    subnet: n.allocation?.subnet ?? '',
    gateway: n.allocation?.gateway ?? '',
    vni: n.allocation?.vni ?? 0,
    labels: { ...n.spec?.labels },
  };
}

export function toNetworkDetailJson(n: Network, services: readonly ServiceView[]): NetworkDetailJson {
  const json = toNetworkJson(n);
  const attached = services
    .map((v) => v.service)
    .filter((s) => s?.spec?.networks.some((a) => a.target === json.name))
    .map((s) => ({
      id: s!.id,
      name: s!.spec!.name,
      vip: s!.virtualIps.find((v) => v.networkId === n.id)?.address ?? '',
    }))
    .sort((a, b) => naturalCompare(a.name, b.name));
  return { ...json, createdAt: n.meta?.createdAt ?? 0, services: attached };
}

export function sortNetworks(networks: readonly NetworkJson[]): NetworkJson[] {
  return [...networks].sort((a, b) => naturalCompare(a.name, b.name) || naturalCompare(a.id, b.id));
}

export interface NetworkTableOptions {
  quiet: boolean;
  noTrunc: boolean;
}

/** NETWORK ID NAME DRIVER SCOPE SUBNET, sorted by name; SUBNET is empty until allocated. */
export function renderNetworkTable(networks: readonly Network[], opts: NetworkTableOptions): string[] {
  const sorted = sortNetworks(networks.map(toNetworkJson));
  if (opts.quiet) return sorted.map((n) => shortId(n.id, opts.noTrunc));
  return renderTable(
    ['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE', 'SUBNET'],
    sorted.map((n) => [shortId(n.id, opts.noTrunc), n.name, n.driver, n.scope, n.subnet]),
  );
}
