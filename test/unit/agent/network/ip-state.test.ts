import { describe, expect, it } from 'vitest';
import { mtuOfAddress, parseFdb, parseLearned, parseLinks, parseNeigh } from '../../../../agent/network/ip-state';

// Trimmed from real iproute2 6.1 output on this machine (`ip -d -j link show` etc.).
const LINKS = JSON.stringify([
  { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, operstate: 'UNKNOWN' },
  {
    ifindex: 2,
    ifname: 'shbr4097',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1450,
    linkinfo: { info_kind: 'bridge', info_data: { stp_state: 0 } },
  },
  {
    ifindex: 3,
    ifname: 'shvx4097',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1450,
    master: 'shbr4097',
    linkinfo: {
      info_kind: 'vxlan',
      info_data: { id: 4097, local: '192.0.2.1', port: 4789, learning: false, proxy: true, ttl: 0 },
      info_slave_kind: 'bridge',
    },
  },
  {
    ifindex: 4,
    ifname: 'shvx9',
    flags: ['BROADCAST', 'MULTICAST'],
    mtu: 1500,
    linkinfo: { info_kind: 'vxlan', info_data: { id: 9, local: '192.0.2.1', port: 4789, learning: false } },
  },
]);
const FDB = JSON.stringify([
  { mac: '33:33:00:00:00:01', ifname: 'shbr4097', flags: ['self'], state: 'permanent' },
  { mac: '6e:b7:0d:1a:d5:54', ifname: 'shvx4097', flags: [], master: 'shbr4097', state: 'permanent' },
  { mac: '02:42:0A:00:03:07', ifname: 'shvx4097', dst: '192.0.2.2', flags: ['self'], state: 'permanent' },
  { mac: '00:00:00:00:00:00', ifname: 'shvx4097', dst: '192.0.2.2', flags: ['self'] },
]);
const NEIGH = JSON.stringify([
  { dst: '10.0.3.7', dev: 'shvx4097', lladdr: '02:42:0a:00:03:07', state: ['PERMANENT'] },
  { dst: '192.0.2.2', dev: 'eth0', state: ['FAILED'] },
]);

describe('iproute2 JSON parsers', () => {
  it('links: MTU, master, UP, and VXLAN identity (proxy absent means off)', () => {
    expect(parseLinks(LINKS)).toEqual([
      { name: 'lo', mtu: 65536, master: '', up: true },
      { name: 'shbr4097', mtu: 1450, master: '', up: true },
      {
        name: 'shvx4097',
        mtu: 1450,
        master: 'shbr4097',
        up: true,
        vxlan: { vni: 4097, local: '192.0.2.1', port: 4789, learning: false, proxy: true },
      },
      {
        name: 'shvx9',
        mtu: 1500,
        master: '',
        up: false,
        vxlan: { vni: 9, local: '192.0.2.1', port: 4789, learning: false, proxy: false },
      },
    ]);
  });

  it('fdb: only remote entries (with dst), MACs lower-cased', () => {
    expect(parseFdb(FDB)).toEqual([
      { mac: '02:42:0a:00:03:07', dev: 'shvx4097', dst: '192.0.2.2', permanent: true },
      { mac: '00:00:00:00:00:00', dev: 'shvx4097', dst: '192.0.2.2', permanent: false },
    ]);
  });

  it("learned: the bridge's dynamic entries on its ports, not its own or static ones, nor remote ones", () => {
    const out = JSON.stringify([
      { mac: '02:42:0A:00:03:06', ifname: 'shvx4097', flags: [], master: 'shbr4097', state: '' },
      { mac: '02:42:0a:00:03:05', ifname: 'veth1', flags: [], master: 'shbr4097', state: 'stale' },
      { mac: 'fa:4f:3c:88:28:ec', ifname: 'shvx4097', flags: [], master: 'shbr4097', state: 'permanent' },
      { mac: '02:42:0a:00:03:09', ifname: 'shvx4097', flags: [], master: 'shbr4097', state: 'static' },
      { mac: '02:42:0a:00:03:07', ifname: 'shvx4097', dst: '192.0.2.2', flags: ['self'], state: 'permanent' },
      { mac: '33:33:00:00:00:01', ifname: 'shbr4097', flags: ['self'], state: 'permanent' },
    ]);
    expect(parseLearned(out)).toEqual([
      { mac: '02:42:0a:00:03:06', dev: 'shvx4097' },
      { mac: '02:42:0a:00:03:05', dev: 'veth1' },
    ]);
  });

  it('neigh: address, device, MAC, permanence', () => {
    expect(parseNeigh(NEIGH)).toEqual([
      { ip: '10.0.3.7', dev: 'shvx4097', mac: '02:42:0a:00:03:07', permanent: true },
      { ip: '192.0.2.2', dev: 'eth0', mac: '', permanent: false },
    ]);
  });

  it.each(['', '\n'])('empty output %j is an empty list', (out) => {
    expect(parseLinks(out)).toEqual([]);
    expect(parseFdb(out)).toEqual([]);
    expect(parseLearned(out)).toEqual([]);
    expect(parseNeigh(out)).toEqual([]);
  });

  it.each<[string, number | undefined]>([
    ['192.0.2.1', 9000],
    ['127.0.0.1', 65536],
    ['192.0.2.99', undefined],
  ])('the MTU of the interface holding %s is %s', (address, want) => {
    const addrs = JSON.stringify([
      { ifname: 'lo', mtu: 65536, addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
      { ifname: 'eth0', mtu: 9000, addr_info: [{ family: 'inet', local: '192.0.2.1', prefixlen: 24 }] },
    ]);
    expect(mtuOfAddress(addrs, address)).toBe(want);
  });
});
