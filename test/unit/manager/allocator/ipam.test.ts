import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AddressPool,
  contains,
  formatIp,
  formatSubnet,
  nextPoolSubnet,
  overlaps,
  parseIp,
  parseSubnet,
  type Subnet,
} from '../../../../manager/allocator/ipam';
import { InvalidArgumentError } from '../../../../proto/errors';

const s = (text: string): Subnet => parseSubnet(text);

describe('parseSubnet', () => {
  it.each([
    ['10.0.3.0/24', '10.0.3.0/24'],
    ['172.16.0.0/12', '172.16.0.0/12'],
    ['192.168.4.8/29', '192.168.4.8/29'],
    ['10.0.0.0/8', '10.0.0.0/8'],
  ])('accepts %s', (text, printed) => {
    expect(formatSubnet(parseSubnet(text))).toBe(printed);
  });

  it.each([
    ['10.0.3.0', /not an IPv4 CIDR/],
    ['10.0.3.0/', /not an IPv4 CIDR/],
    ['10.0.300.0/24', /not an IPv4 CIDR/],
    ['fd00::/64', /not an IPv4 CIDR/],
    ['banana', /not an IPv4 CIDR/],
    ['10.0.0.0/7', /from \/8 to \/29/],
    ['10.0.0.0/30', /from \/8 to \/29/],
    ['10.0.3.7/24', /host bits set; did you mean 10\.0\.3\.0\/24/],
  ])('refuses %s with a clear message', (text, message) => {
    expect(() => parseSubnet(text)).toThrow(InvalidArgumentError);
    expect(() => parseSubnet(text)).toThrow(message);
  });
});

describe('overlaps and contains', () => {
  it.each([
    ['10.0.0.0/24', '10.0.0.0/24', true],
    ['10.0.0.0/16', '10.0.5.0/24', true],
    ['10.0.5.0/24', '10.0.0.0/16', true],
    ['10.0.0.0/24', '10.0.1.0/24', false],
    ['10.0.0.0/12', '10.16.0.0/24', false],
    ['10.0.0.0/12', '10.15.255.0/24', true],
  ])('%s and %s overlap: %s', (a, b, want) => {
    expect(overlaps(s(a), s(b))).toBe(want);
  });

  it('knows which addresses are in a subnet', () => {
    expect(contains(s('10.0.3.0/24'), parseIp('10.0.3.255')!)).toBe(true);
    expect(contains(s('10.0.3.0/24'), parseIp('10.0.4.0')!)).toBe(false);
  });

  it('prints every address it parses back unchanged', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => formatIp(parseIp(ip)!) === ip));
  });
});

describe('nextPoolSubnet', () => {
  const pool = s('10.0.0.0/12');
  it.each([
    ['nothing taken: the first /24', [], '10.0.0.0/24'],
    ['the lowest gap', ['10.0.0.0/24', '10.0.2.0/24'], '10.0.1.0/24'],
    ['past a wide asked-for subnet', ['10.0.0.0/16'], '10.1.0.0/24'],
    ['past a narrow subnet inside the first /24', ['10.0.0.128/25'], '10.0.1.0/24'],
    ['subnets outside the pool do not matter', ['192.168.0.0/16', '10.213.0.0/24'], '10.0.0.0/24'],
  ])('%s', (_what, taken, want) => {
    expect(formatSubnet(nextPoolSubnet(pool, taken.map(s))!)).toBe(want);
  });

  it('is undefined when the pool is full', () => {
    expect(nextPoolSubnet(s('10.0.0.0/23'), [s('10.0.0.0/24'), s('10.0.1.0/24')])).toBeUndefined();
  });

  it('never hands out a subnet that overlaps a taken one, and stays inside the pool', () => {
    const taken = fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 16, max: 28 })), {
      maxLength: 20,
    });
    fc.assert(
      fc.property(taken, (list) => {
        const subnets = list.map(([third, prefix]) => parseSubnetLoose(`10.0.${third}.0`, prefix));
        const got = nextPoolSubnet(s('10.0.0.0/14'), subnets);
        return got === undefined || (overlaps(got, s('10.0.0.0/14')) && subnets.every((t) => !overlaps(t, got)));
      }),
    );
  });
});

/** A subnet from any address, host bits cleared. */
function parseSubnetLoose(ip: string, prefix: number): Subnet {
  const m = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (parseIp(ip)! & m) >>> 0, prefix };
}

describe('AddressPool', () => {
  it('hands out the lowest free host address, never the gateway, network or broadcast address', () => {
    const pool = new AddressPool(s('10.0.3.0/29'), new Set([parseIp('10.0.3.3')!]));
    const got: string[] = [];
    for (let ip = pool.next(); ip !== undefined; ip = pool.next()) got.push(formatIp(ip));
    expect(got).toEqual(['10.0.3.2', '10.0.3.4', '10.0.3.5', '10.0.3.6']);
  });

  it('gives a released address out again first', () => {
    const pool = new AddressPool(s('10.0.3.0/24'), new Set());
    const a = pool.next()!;
    pool.next();
    pool.release(a);
    expect(formatIp(pool.next()!)).toBe('10.0.3.2');
  });
});
