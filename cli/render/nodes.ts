// `node ls` and `node inspect`: nodes, as the manager sends them, as a table and as JSON.
import type { Node__Output as Node } from '../../proto/generated/shoal/v1/Node';
import type { Platform__Output as Platform } from '../../proto/generated/shoal/v1/Platform';
import type { Resources__Output as Resources } from '../../proto/generated/shoal/v1/Resources';
import { naturalCompare } from './natural-compare';
import { capitalize, renderTable, shortId } from './table';

export interface NodeJson {
  id: string;
  hostname: string;
  status: string;
  availability: string;
  role: string;
  /** The labels placement constraints see: the agent's own, overridden by `node update --label-add`. */
  labels: Record<string, string>;
  address: string;
}

export interface NodeDetailJson extends NodeJson {
  statusMessage: string;
  lastSeen: number;
  /** The labels the agent was started with, without those set by `node update`. */
  agentLabels: Record<string, string>;
  platform: Platform | null;
  resources: Resources | null;
  engineVersion: string;
}

export function toNodeJson(node: Node): NodeJson {
  const desc = node.description;
  return {
    id: node.id,
    hostname: desc?.hostname ?? '',
    status: node.status,
    availability: node.availability,
    role: desc?.role ?? '',
    labels: { ...desc?.labels, ...node.labels },
    address: desc?.address ?? '',
  };
}

export function toNodeDetailJson(node: Node): NodeDetailJson {
  const desc = node.description;
  return {
    ...toNodeJson(node),
    statusMessage: node.statusMessage,
    lastSeen: node.lastSeen,
    agentLabels: { ...desc?.labels },
    platform: desc?.platform ?? null,
    resources: desc?.resources ?? null,
    engineVersion: desc?.engineVersion ?? '',
  };
}

export function sortNodes(nodes: readonly NodeJson[]): NodeJson[] {
  return [...nodes].sort((a, b) => naturalCompare(a.hostname, b.hostname) || naturalCompare(a.id, b.id));
}

export interface NodeTableOptions {
  quiet: boolean;
  noTrunc: boolean;
}

/** ID HOSTNAME STATUS AVAILABILITY ROLE ADDRESS, sorted by hostname. */
export function renderNodeTable(nodes: readonly Node[], opts: NodeTableOptions): string[] {
  const sorted = sortNodes(nodes.map(toNodeJson));
  if (opts.quiet) return sorted.map((n) => n.id);
  return renderTable(
    ['ID', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'ROLE', 'ADDRESS'],
    sorted.map((n) => [
      shortId(n.id, opts.noTrunc),
      n.hostname,
      capitalize(n.status),
      capitalize(n.availability),
      n.role,
      n.address,
    ]),
  );
}
