// `service ls`, `stack services` and `service inspect`: services as a table and as JSON.
import type { ServiceView__Output } from '../../proto/generated/shoal/v1/ServiceView';
import type { ServiceSpec__Output as ServiceSpec } from '../../proto/generated/shoal/v1/ServiceSpec';
import type { PortConfig } from '../../proto/types';
import { naturalCompare } from './natural-compare';
import { formatPorts } from './ports';
import { renderTable, shortId } from './table';

export interface ServiceJson {
  id: string;
  name: string;
  stack: string;
  mode: string;
  image: string;
  replicas: { desired: number; running: number };
  ports: PortConfig[];
}

export interface ServiceDetailJson extends ServiceJson {
  specVersion: number;
  /** Where the last update (or rollback) stands; null when the spec never changed. */
  updateStatus: { state: string; message: string; startedAt: number; completedAt: number } | null;
  /** The spec version a rollback returns to; 0 when there is none. */
  previousSpecVersion: number;
  createdAt: number;
  updatedAt: number;
  spec: ServiceSpec | null;
  /** The service's virtual IP on each of its networks (endpoint mode vip). */
  virtualIps: { network: string; address: string }[];
}

export function toServiceJson(view: ServiceView__Output): ServiceJson {
  const service = view.service;
  const spec = service?.spec;
  return {
    id: service?.id ?? '',
    name: spec?.name ?? '',
    stack: spec?.stack ?? '',
    mode: spec?.mode ?? '',
    image: spec?.container?.image ?? '',
    replicas: { desired: view.replicas?.desired ?? 0, running: view.replicas?.running ?? 0 },
    ports: spec?.endpoint?.ports ?? [],
  };
}

export function toServiceDetailJson(view: ServiceView__Output): ServiceDetailJson {
  return {
    ...toServiceJson(view),
    specVersion: view.service?.specVersion ?? 0,
    updateStatus: view.service?.updateStatus ?? null,
    previousSpecVersion: view.service?.previousSpec ? view.service.previousSpecVersion : 0,
    createdAt: view.service?.meta?.createdAt ?? 0,
    updatedAt: view.service?.meta?.updatedAt ?? 0,
    spec: view.service?.spec ?? null,
    virtualIps: (view.service?.virtualIps ?? []).map((v) => ({ network: v.network, address: v.address })),
  };
}

export function sortServices(views: readonly ServiceJson[]): ServiceJson[] {
  return [...views].sort((a, b) => naturalCompare(a.name, b.name));
}

function replicasCell(s: ServiceJson, maxPerNode: number): string {
  const count = `${s.replicas.running}/${s.replicas.desired}`;
  return maxPerNode > 0 ? `${count} (max ${maxPerNode} per node)` : count;
}

export interface ServiceTableOptions {
  quiet: boolean;
  noTrunc: boolean;
}

/** ID NAME MODE REPLICAS IMAGE PORTS, sorted by name; `quiet` prints only the ids. */
export function renderServiceTable(views: readonly ServiceView__Output[], opts: ServiceTableOptions): string[] {
  const maxPerNode = new Map(
    views.map((v) => [v.service?.id ?? '', v.service?.spec?.placement?.maxReplicasPerNode ?? 0]),
  );
  const services = sortServices(views.map(toServiceJson));
  if (opts.quiet) return services.map((s) => s.id);
  return renderTable(
    ['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'],
    services.map((s) => [
      shortId(s.id, opts.noTrunc),
      s.name,
      s.mode,
      replicasCell(s, maxPerNode.get(s.id) ?? 0),
      s.image,
      formatPorts(s.ports, 'ingress'),
    ]),
  );
}
