// Allocated networks and service attachments for allocator and network-map tests.
import type { Network } from '../../../../proto/types';
import { makeNetwork } from '../../../fakes/builders';

/** A network already allocated the way the allocator would. */
export function allocatedNetwork(id: string, name: string, vni: number, subnet: string): Network {
  const base = subnet.slice(0, subnet.lastIndexOf('.'));
  return makeNetwork({ id, spec: { name }, allocation: { vni, subnet, gateway: `${base}.1` } });
}

/** The `networks` of a service spec attached to these network names, with no aliases. */
export function attach(...names: string[]) {
  return names.map((target) => ({ target, aliases: [] as string[] }));
}
