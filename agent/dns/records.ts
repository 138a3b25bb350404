// What the DNS server answers for a container: the names of the services on its networks. Pure.
// Built once per network map into a name → addresses table, so a query costs one map lookup.
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import type { ServiceEndpoint__Output as ServiceEndpoint } from '../../proto/generated/shoal/v1/ServiceEndpoint';
import { bareAddress } from '../../domain/address';

/**
 * Seconds a client may cache an answer. Short, because task addresses change when tasks are replaced:
 * Swarm's 600 s keeps clients on dead tasks for ten minutes; 5 s bounds that while still sparing the
 * server repeated lookups from one client in a burst.
 */
export const DNS_TTL_S = 5;

/** Lower-cased name without its trailing dot → IPv4 addresses. */
export type RecordTable = ReadonlyMap<string, readonly string[]>;

export type DnsDecision =
  /** A name we own: NOERROR with these A records (none for other types, or a service without tasks). */
  | { kind: 'answer'; addresses: readonly string[] }
  /** Not a cluster name: ask the upstream resolvers and relay what they say. */
  | { kind: 'forward' };

export function normalizeName(name: string): string {
  return (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase();
}

/** The service's names and what each resolves to; the same name from two services gets both's addresses. */
function serviceNames(s: ServiceEndpoint): [string[], string[]][] {
  const taskIps = s.taskIps.map(bareAddress);
  const own = s.mode === 'vip' ? (s.vip === '' ? [] : [bareAddress(s.vip)]) : taskIps;
  const names = [s.shortName, s.name, ...s.aliases].filter((n) => n !== '');
  const tasks = [s.shortName, s.name].filter((n) => n !== '').map((n) => `tasks.${n}`);
  return [
    [names, own],
    [tasks, taskIps],
  ];
}

/** The table for a container on `networks` (aliases count only on the network that carries them). */
export function toRecordTable(networks: readonly NetworkView[]): RecordTable {
  const table = new Map<string, string[]>();
  for (const network of networks) {
    for (const s of network.services) {
      for (const [names, addresses] of serviceNames(s)) {
        for (const name of new Set(names.map(normalizeName))) {
          const have = table.get(name) ?? [];
          table.set(name, [...have, ...addresses.filter((a) => !have.includes(a))]);
        }
      }
    }
  }
  return table;
}

/** The decision for one question. `type` is the record type's name ("A", "AAAA", ...). */
export function answer(query: { name: string; type: string }, table: RecordTable): DnsDecision {
  const addresses = table.get(normalizeName(query.name));
  if (addresses === undefined) return { kind: 'forward' };
  return { kind: 'answer', addresses: query.type === 'A' ? addresses : [] };
}
