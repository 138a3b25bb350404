import { describe, expect, it } from 'vitest';
import { bareAddress, taskMac } from '../../../domain/address';

describe('task addresses', () => {
  it.each([
    ['10.0.3.7', '02:42:0a:00:03:07'],
    ['10.0.3.7/24', '02:42:0a:00:03:07'],
    ['172.16.255.1', '02:42:ac:10:ff:01'],
  ])('task %s has MAC %s', (ip, mac) => expect(taskMac(ip)).toBe(mac));

  it.each(['10.0.3', '10.0.3.256', 'fe80::1', ''])('%j is refused as a task address', (ip) =>
    expect(() => taskMac(ip)).toThrow(/not an IPv4/),
  );

  it.each([
    ['10.0.3.2/24', '10.0.3.2'],
    ['10.0.3.2', '10.0.3.2'],
  ])('bare address of %s is %s', (a, want) => expect(bareAddress(a)).toBe(want));
});
