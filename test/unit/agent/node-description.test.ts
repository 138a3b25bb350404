import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { firstNonLoopbackIPv4 } from '../../../agent/node-description';

describe('firstNonLoopbackIPv4', () => {
  const ifc = (address: string, family: 'IPv4' | 'IPv6', internal: boolean): NetworkInterfaceInfo =>
    ({ address, family, internal, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;
  it.each([
    {
      name: 'skips loopback and IPv6',
      ifs: {
        lo: [ifc('127.0.0.1', 'IPv4', true)],
        eth0: [ifc('fe80::1', 'IPv6', false), ifc('10.0.0.5', 'IPv4', false)],
      },
      want: '10.0.0.5',
    },
    {
      name: 'takes interfaces in name order',
      ifs: { eth1: [ifc('10.0.1.1', 'IPv4', false)], eth0: [ifc('10.0.0.1', 'IPv4', false)] },
      want: '10.0.0.1',
    },
    { name: 'is empty on a host with loopback only', ifs: { lo: [ifc('127.0.0.1', 'IPv4', true)] }, want: '' },
  ])('$name', ({ ifs, want }) => {
    expect(firstNonLoopbackIPv4(ifs)).toBe(want);
  });
});
