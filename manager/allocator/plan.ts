// What the allocator writes, pure: each network's VNI, subnet and gateway; each vip-mode service's
// virtual IP on each of its networks; each task's address on each network of its spec. Everything
// is chosen lowest-free in a fixed order (networks with an asked-for subnet first, then by id;
// services and tasks by id), so the same state always plans the same allocations.
//
// An address is held by a service's VIP (for the service's life) and by a task until the task has
// ended: a task being shut down still has its container on the network. Ended tasks keep their
// addresses in their record as history, but no longer hold them. What tasks hold comes in as an
// index kept current from task changes (AddressBook), so a plan looks only at the tasks it may
// address, not at every task.
import { isTerminal } from '../../domain/task-state';
import { compareStrings } from '../../lib/compare';
import type { Network, NetworkAddress, NetworkAllocation, Service, Task } from '../../proto/types';
import {
  AddressPool,
  addressIp,
  type HeldIps,
  contains,
  formatAddress,
  formatIp,
  formatSubnet,
  gatewayOf,
  nextPoolSubnet,
  overlaps,
  parseSubnet,
  type Subnet,
} from './ipam';
import { takeLowestVni } from './vni';

export interface AllocationInput {
  networks: readonly Network[];
  services: readonly Service[];
  /** The tasks that may need addresses; others in the list are left alone. */
  tasks: readonly Task[];
  /** What tasks hold: every task's, not only the listed ones'. */
  held: HeldAddresses;
  /** Where networks without an asked-for subnet get theirs. */
  defaultPool: Subnet;
}

/** The addresses that tasks hold on each network, by network id. */
export interface HeldAddresses {
  heldOn(networkId: string): HeldIps;
}

export interface AllocationProblem {
  kind: 'networks' | 'services' | 'tasks';
  id: string;
  message: string;
}

export interface AllocationPlan {
  networks: { id: string; allocation: NetworkAllocation }[];
  services: { id: string; virtualIps: NetworkAddress[] }[];
  tasks: { id: string; addresses: NetworkAddress[] }[];
  /** What could not be allocated and why; a task's message is what its status should say. */
  problems: AllocationProblem[];
}

/** What a task that cannot have its addresses yet says, before why. */
export const WAITING_FOR_ADDRESSES = 'waiting for network addresses';

/** The subnet a network's spec asks for (the first IPAM config's), or undefined for one from the pool. */
export function requestedSubnet(n: Network['spec']): string | undefined {
  return n.ipam[0]?.subnet || undefined;
}

/** Whether a task has an address on every network of its spec: only then may it be placed and run. */
export function hasNetworkAddresses(t: Task): boolean {
  return t.spec.networks.every((n) => t.addresses.some((a) => a.network === n.target));
}

/** A task holds its addresses until it has ended. */
export function holdsAddresses(t: Task): boolean {
  return !isTerminal(t.status.state);
}

/** Wanted running, not ended, and short of an address on a network of its spec: the allocator's to address. */
export function needsAddresses(t: Task): boolean {
  return t.desiredState === 'running' && holdsAddresses(t) && !hasNetworkAddresses(t);
}

interface Allocated {
  network: Network;
  subnet: Subnet;
  pool: AddressPool;
}

export function planAllocations(input: AllocationInput): AllocationPlan {
  const plan: AllocationPlan = { networks: [], services: [], tasks: [], problems: [] };
  const byName = allocateNetworks(input, plan);
  const byId = new Map([...byName.values()].map((a) => [a.network.id, a]));
  reserveVips(input, byId);
  allocateVips(input, byName, plan);
  allocateTasks(input, byName, plan);
  return plan;
}

function byId<T extends { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareStrings(a.id, b.id));
}

/** Allocates unallocated networks; returns every allocated network by name, with an empty address pool. */
function allocateNetworks(input: AllocationInput, plan: AllocationPlan): Map<string, Allocated> {
  const out = new Map<string, Allocated>();
  const usedVnis = new Set<number>();
  const taken: Subnet[] = [];
  const add = (network: Network, subnet: Subnet) => {
    out.set(network.spec.name, { network, subnet, pool: new AddressPool(subnet, input.held.heldOn(network.id)) });
    taken.push(subnet);
  };
  const waiting: Network[] = [];
  for (const n of byId(input.networks)) {
    if (n.allocation) {
      usedVnis.add(n.allocation.vni);
      add(n, parseSubnet(n.allocation.subnet));
    } else waiting.push(n);
  }
  // Asked-for subnets first, so that the pool never hands out a subnet a network asked for.
  const asked = waiting.filter((n) => requestedSubnet(n.spec) !== undefined);
  const fromPool = waiting.filter((n) => requestedSubnet(n.spec) === undefined);
  const claimed: { network: Network; subnet: Subnet }[] = [];
  for (const n of asked) {
    const fail = (message: string) => plan.problems.push({ kind: 'networks', id: n.id, message });
    let subnet: Subnet;
    try {
      subnet = parseSubnet(requestedSubnet(n.spec)!, `network ${n.spec.name}: subnet`);
    } catch (err) {
      fail((err as Error).message);
      continue;
    }
    const clash =
      [...out.values()].find((a) => overlaps(a.subnet, subnet)) ?? claimed.find((c) => overlaps(c.subnet, subnet));
    if (clash)
      fail(
        `subnet ${formatSubnet(subnet)} overlaps ${formatSubnet(clash.subnet)} of network ${clash.network.spec.name}`,
      );
    else claimed.push({ network: n, subnet });
  }
  taken.push(...claimed.map((c) => c.subnet));
  const pooled: { network: Network; subnet: Subnet }[] = [];
  for (const n of fromPool) {
    const subnet = nextPoolSubnet(input.defaultPool, taken);
    if (!subnet) {
      plan.problems.push({
        kind: 'networks',
        id: n.id,
        message: `the default address pool ${formatSubnet(input.defaultPool)} is exhausted`,
      });
      continue;
    }
    taken.push(subnet);
    pooled.push({ network: n, subnet });
  }
  for (const { network, subnet } of [...claimed, ...pooled]) {
    const vni = takeLowestVni(usedVnis);
    if (vni === undefined) {
      plan.problems.push({ kind: 'networks', id: network.id, message: 'no VXLAN network identifier is left' });
      continue;
    }
    const allocation: NetworkAllocation = { vni, subnet: formatSubnet(subnet), gateway: formatIp(gatewayOf(subnet)) };
    plan.networks.push({ id: network.id, allocation });
    out.set(network.spec.name, {
      network: { ...network, allocation },
      subnet,
      pool: new AddressPool(subnet, input.held.heldOn(network.id)),
    });
  }
  return out;
}

/** Marks what services' VIPs hold, on the networks they name by id (what tasks hold comes from `held`). */
function reserveVips(input: AllocationInput, networks: Map<string, Allocated>): void {
  for (const s of input.services) {
    for (const a of s.virtualIps) {
      const net = networks.get(a.networkId);
      const ip = addressIp(a.address);
      if (net && ip !== undefined && contains(net.subnet, ip)) net.pool.take(ip);
    }
  }
}

/** An address on a network, taken from its pool; undefined when the network is full. */
function take(net: Allocated): NetworkAddress | undefined {
  const ip = net.pool.next();
  if (ip === undefined) return undefined;
  return { networkId: net.network.id, network: net.network.spec.name, address: formatAddress(ip, net.subnet) };
}

function allocateVips(input: AllocationInput, networks: Map<string, Allocated>, plan: AllocationPlan): void {
  for (const s of byId(input.services)) {
    const wanted = s.spec.endpoint.mode === 'vip' ? s.spec.networks.map((n) => n.target) : [];
    const next: NetworkAddress[] = [];
    for (const name of wanted) {
      const net = networks.get(name);
      if (!net) continue; // not allocated yet: its VIP comes in a later plan
      const kept = s.virtualIps.find((v) => v.networkId === net.network.id);
      const vip = kept ?? take(net);
      if (vip) next.push(vip);
      else {
        plan.problems.push({
          kind: 'services',
          id: s.id,
          message: `no free address for a virtual IP on network ${name}`,
        });
      }
    }
    const same =
      next.length === s.virtualIps.length &&
      next.every((v, i) => v.address === s.virtualIps[i]!.address && v.networkId === s.virtualIps[i]!.networkId);
    if (!same) plan.services.push({ id: s.id, virtualIps: next });
  }
}

function allocateTasks(input: AllocationInput, networks: Map<string, Allocated>, plan: AllocationPlan): void {
  for (const t of byId(input.tasks)) {
    if (!needsAddresses(t)) continue;
    const missing = t.spec.networks
      .filter((n) => !t.addresses.some((a) => a.network === n.target))
      .map((n) => n.target);
    const unallocated = missing.filter((name) => !networks.has(name));
    if (unallocated.length) {
      plan.problems.push({
        kind: 'tasks',
        id: t.id,
        message: `${WAITING_FOR_ADDRESSES}: network ${unallocated.join(', ')} is not allocated`,
      });
      continue;
    }
    const added: NetworkAddress[] = [];
    for (const name of missing) {
      const a = take(networks.get(name)!);
      if (a) added.push(a);
    }
    if (added.length < missing.length) {
      // All or nothing: a task that cannot run must not hold addresses others could use.
      for (const a of added) networks.get(a.network)!.pool.release(addressIp(a.address)!);
      plan.problems.push({
        kind: 'tasks',
        id: t.id,
        message: `${WAITING_FOR_ADDRESSES}: no free address on network ${missing.join(', ')}`,
      });
      continue;
    }
    const order = new Map(t.spec.networks.map((n, i) => [n.target, i]));
    const addresses = [...t.addresses, ...added].sort(
      (a, b) => (order.get(a.network) ?? 0) - (order.get(b.network) ?? 0),
    );
    plan.tasks.push({ id: t.id, addresses });
  }
}
