// Networks and attached services/tasks for allocator and network-map tests (builders.ts has no network builder yet).
import type { Network, NetworkAllocation, NetworkSpec } from '../../../../proto/types';
import { makeMeta } from '../../../fakes/builders';

export function makeNetworkSpec(o: Partial<NetworkSpec> = {}): NetworkSpec {
  return {
    name: 'web_default',
    stack: 'web',
    driver: 'overlay',
    labels: {},
    driverOpts: {},
    internal: false,
    attachable: false,
    external: false,
    ipam: [],
    ...o,
  };
}

export function makeNetwork(o: {
  id: string;
  spec?: Partial<NetworkSpec>;
  allocation?: NetworkAllocation | null;
}): Network {
  return { id: o.id, meta: makeMeta(), spec: makeNetworkSpec(o.spec), allocation: o.allocation ?? null };
}

/** A network already allocated the way the allocator would. */
export function allocatedNetwork(id: string, name: string, vni: number, subnet: string): Network {
  const base = subnet.slice(0, subnet.lastIndexOf('.'));
  return makeNetwork({ id, spec: { name }, allocation: { vni, subnet, gateway: `${base}.1` } });
}

/** The `networks` of a service spec attached to these network names, with no aliases. */
export function attach(...names: string[]) {
  return names.map((target) => ({ target, aliases: [] as string[] }));
}
