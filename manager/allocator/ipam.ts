// IPv4 address arithmetic for overlay networks, pure: parse and print subnets, test overlap, find the
// lowest free address of a subnet and the next free subnet of a pool. Addresses are unsigned 32-bit
// numbers inside this module and dotted strings outside it.
import { InvalidArgumentError } from '../../proto/errors';

export interface Subnet {
  /** The network address, as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

/**
 * Overlay subnets may be /8 to /29: wider would swallow a whole class-A range, narrower leaves no
 * room for a gateway and more than a handful of tasks.
 */
export const MIN_PREFIX = 8;
export const MAX_PREFIX = 29;
/** Each network from the default pool gets a /24, as in Docker Swarm: 253 tasks and VIPs per network. */
export const POOL_SUBNET_PREFIX = 24;

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** A dotted IPv4 address as a number, or undefined when it is not one. */
export function parseIp(text: string): number | undefined {
  const m = OCTETS.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function formatIp(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function size(s: Subnet): number {
  return 2 ** (32 - s.prefix);
}

/** "10.0.3.0/24" as a subnet; InvalidArgumentError, saying what is wrong, otherwise. */
export function parseSubnet(text: string, what = 'subnet'): Subnet {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  const prefixText = slash < 0 ? '' : text.slice(slash + 1);
  if (ip === undefined || !/^\d{1,2}$/.test(prefixText)) {
    throw new InvalidArgumentError(`${what} ${JSON.stringify(text)} is not an IPv4 CIDR like 10.0.9.0/24`);
  }
  const prefix = Number(prefixText);
  if (prefix < MIN_PREFIX || prefix > MAX_PREFIX) {
    throw new InvalidArgumentError(`${what} ${text}: the prefix length must be from /${MIN_PREFIX} to /${MAX_PREFIX}`);
  }
  const base = (ip & mask(prefix)) >>> 0;
  if (base !== ip)
    throw new InvalidArgumentError(
      `${what} ${text} has host bits set; did you mean ${formatSubnet({ base, prefix })}?`,
    );
  return { base, prefix };
}

export function formatSubnet(s: Subnet): string {
  return `${formatIp(s.base)}/${s.prefix}`;
}

export function overlaps(a: Subnet, b: Subnet): boolean {
  const m = mask(Math.min(a.prefix, b.prefix));
  return (a.base & m) >>> 0 === (b.base & m) >>> 0;
}

export function contains(s: Subnet, ip: number): boolean {
  return (ip & mask(s.prefix)) >>> 0 === s.base;
}

/** The first usable address: the gateway on each host's bridge for the network. */
export function gatewayOf(s: Subnet): number {
  return s.base + 1;
}

/** "10.0.3.7/24": an address with its subnet's prefix, as tasks and VIPs carry it. */
export function formatAddress(ip: number, s: Subnet): string {
  return `${formatIp(ip)}/${s.prefix}`;
}

/** The address part of "10.0.3.7/24" as a number, or undefined. */
export function addressIp(address: string): number | undefined {
  const slash = address.indexOf('/');
  return parseIp(slash < 0 ? address : address.slice(0, slash));
}

/** Addresses held before a plan starts (by VIPs and tasks), which a pool never hands out. */
export interface HeldIps {
  has(ip: number): boolean;
}

/**
 * Hands out the lowest free host addresses of a subnet (never the network address, the gateway or
 * the broadcast address), skipping what `held` holds and what this plan took. Addresses only get
 * taken while one plan runs, so a cursor that never moves back finds each next one in amortized
 * constant time.
 */
export class AddressPool {
  private cursor: number;
  private readonly last: number;
  private readonly taken = new Set<number>();

  constructor(
    readonly subnet: Subnet,
    private readonly held: HeldIps,
  ) {
    this.taken.add(gatewayOf(subnet));
    this.cursor = subnet.base + 1;
    this.last = subnet.base + size(subnet) - 2;
  }

  take(ip: number): void {
    this.taken.add(ip);
  }

  /** Gives back an address taken in this plan. */
  release(ip: number): void {
    this.taken.delete(ip);
    this.cursor = Math.min(this.cursor, ip);
  }

  /** The lowest free address, now taken; undefined when the subnet is full. */
  next(): number | undefined {
    while (this.cursor <= this.last && (this.taken.has(this.cursor) || this.held.has(this.cursor))) this.cursor++;
    if (this.cursor > this.last) return undefined;
    this.taken.add(this.cursor);
    return this.cursor;
  }
}

/** The lowest /24 (POOL_SUBNET_PREFIX) of `pool` that overlaps none of `taken`; undefined when none is left. */
export function nextPoolSubnet(pool: Subnet, taken: readonly Subnet[]): Subnet | undefined {
  const step = 2 ** (32 - POOL_SUBNET_PREFIX);
  const end = pool.base + size(pool);
  const inPool = taken.filter((t) => overlaps(t, pool)).sort((a, b) => a.base - b.base);
  for (let base = pool.base; base < end; base += step) {
    const candidate = { base, prefix: POOL_SUBNET_PREFIX };
    const clash = inPool.find((t) => overlaps(t, candidate));
    if (!clash) return candidate;
    // Skip past the clashing subnet at once: a /16 taken inside the pool costs one step, not 256.
    base = Math.max(base, clash.base + size(clash) - step);
  }
  return undefined;
}
