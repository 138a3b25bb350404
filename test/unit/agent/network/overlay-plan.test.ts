import { describe, expect, it } from 'vitest';
import type {
  FdbEntry,
  LearnedEntry,
  LinkState,
  NeighEntry,
  OverlayState,
  VxlanInfo,
} from '../../../../agent/network/ip-state';
import { planOverlay, setRpsCommand } from '../../../../agent/network/overlay-plan';
import { makePeer, makeView } from './network-views';

const LOCAL = '192.0.2.1';
const MTU = 1500;
const CPUS = 4;

const bridge = (vni = 4097): LinkState => ({ name: `shbr${vni}`, mtu: 1450, master: '', up: true });
const vxlan = (o: Partial<LinkState> = {}, x: Partial<VxlanInfo> = {}): LinkState => ({
  name: 'shvx4097',
  mtu: 1450,
  master: 'shbr4097',
  up: true,
  vxlan: { vni: 4097, local: LOCAL, port: 4789, learning: false, proxy: true, ...x },
  ...o,
});
const fdb = (mac: string, dst: string, dev = 'shvx4097'): FdbEntry => ({ mac, dev, dst, permanent: true });
const neigh = (ip: string, mac: string, o: Partial<NeighEntry> = {}): NeighEntry => ({
  ip,
  dev: 'shvx4097',
  mac,
  permanent: true,
  ...o,
});
const state = (
  links: LinkState[],
  f: FdbEntry[] = [],
  n: NeighEntry[] = [],
  learned: LearnedEntry[] = [],
): OverlayState => ({ links, fdb: f, neigh: n, learned });

const ZERO = '00:00:00:00:00:00';
const MAC6 = '02:42:0a:00:03:06';
/** One network: this host with 10.0.3.5, host B (192.0.2.2) with 10.0.3.6. */
const twoHosts = makeView({ peers: [makePeer(LOCAL, ['10.0.3.5']), makePeer('192.0.2.2', ['10.0.3.6'])] });
/** What the host has once twoHosts is applied. */
const applied = state([bridge(), vxlan()], [fdb(ZERO, '192.0.2.2'), fdb(MAC6, '192.0.2.2')], [neigh('10.0.3.6', MAC6)]);

const ADD = 'ip link add shvx4097 mtu 1450 type vxlan id 4097 dstport 4789 local 192.0.2.1 nolearning proxy';
const ATTACH = 'ip link set dev shvx4097 master shbr4097 up';
/** A new device hands its decapsulated packets to CPUs 1-3 of the 4. */
const RPS = setRpsCommand('shvx4097', 'e').join(' ');
const ENTRIES_B = [
  `bridge fdb append ${ZERO} dev shvx4097 dst 192.0.2.2 self permanent`,
  `bridge fdb replace ${MAC6} dev shvx4097 dst 192.0.2.2 self permanent`,
  `ip neigh replace 10.0.3.6 lladdr ${MAC6} dev shvx4097 nud permanent`,
];

describe('planOverlay', () => {
  it.each<[string, ReturnType<typeof makeView>[], OverlayState, string[]]>([
    [
      'a new network: device, attach, flooding, task MAC and neighbour for the remote task',
      [twoHosts],
      state([bridge()]),
      [ADD, ATTACH, ...ENTRIES_B, RPS],
    ],
    ['everything in place: nothing to do (idempotent)', [twoHosts], applied, []],
    [
      'only this host has tasks: the device and no entries',
      [makeView({ peers: [makePeer(LOCAL, ['10.0.3.5'])] })],
      state([bridge()]),
      [ADD, ATTACH, RPS],
    ],
    [
      'wrong MTU: set it, nothing else',
      [twoHosts],
      state([bridge(), vxlan({ mtu: 1500 })], applied.fdb, applied.neigh),
      ['ip link set dev shvx4097 mtu 1450'],
    ],
    [
      'device down and detached: attach and up',
      [twoHosts],
      state([bridge(), vxlan({ up: false, master: '' })], applied.fdb, applied.neigh),
      [ATTACH],
    ],
    [
      'device with another local address: made again, entries re-added',
      [twoHosts],
      state([bridge(), vxlan({}, { local: '192.0.2.9' })], applied.fdb, applied.neigh),
      ['ip link del dev shvx4097', ADD, ATTACH, ...ENTRIES_B, RPS],
    ],
    [
      'device without proxy (no ARP suppression): made again',
      [twoHosts],
      state([bridge(), vxlan({}, { proxy: false })], applied.fdb, applied.neigh),
      ['ip link del dev shvx4097', ADD, ATTACH, ...ENTRIES_B, RPS],
    ],
    [
      'peer gone: its flooding, MAC and neighbour entries removed',
      [makeView({ peers: [makePeer(LOCAL, ['10.0.3.5'])] })],
      applied,
      [
        `bridge fdb del ${ZERO} dev shvx4097 dst 192.0.2.2`,
        `bridge fdb del ${MAC6} dev shvx4097 dst 192.0.2.2`,
        'ip neigh del 10.0.3.6 dev shvx4097',
      ],
    ],
    [
      'task moved to host C: old MAC entry deleted before the new one, neighbour kept',
      [
        makeView({
          peers: [makePeer(LOCAL, ['10.0.3.5']), makePeer('192.0.2.2'), makePeer('192.0.2.3', ['10.0.3.6'])],
        }),
      ],
      applied,
      [
        `bridge fdb del ${MAC6} dev shvx4097 dst 192.0.2.2`,
        `bridge fdb append ${ZERO} dev shvx4097 dst 192.0.2.3 self permanent`,
        `bridge fdb replace ${MAC6} dev shvx4097 dst 192.0.2.3 self permanent`,
      ],
    ],
    [
      'neighbour with a stale MAC or not permanent: replaced',
      [twoHosts],
      state(applied.links, applied.fdb, [neigh('10.0.3.6', '02:42:00:00:00:01', { permanent: false })]),
      [`ip neigh replace 10.0.3.6 lladdr ${MAC6} dev shvx4097 nud permanent`],
    ],
    ['network gone from the map: device deleted (its entries go with it)', [], applied, ['ip link del dev shvx4097']],
    ['bridge not made by Docker yet: nothing planned for it', [twoHosts], state([]), []],
    [
      'task addresses with a prefix length',
      [makeView({ peers: [makePeer(LOCAL), makePeer('192.0.2.2', ['10.0.3.6/24'])] })],
      state([bridge()]),
      [ADD, ATTACH, ...ENTRIES_B, RPS],
    ],
    [
      'a VXLAN device Shoal did not make is left alone',
      [],
      state([
        {
          name: 'vxlan0',
          mtu: 1450,
          master: '',
          up: true,
          vxlan: { vni: 7, local: LOCAL, port: 4789, learning: true, proxy: false },
        },
      ]),
      [],
    ],
    [
      'entries on other devices are not ours to judge',
      [twoHosts],
      state(applied.links, [...applied.fdb, fdb(ZERO, '192.0.2.7', 'vxlan0')], applied.neigh),
      [],
    ],
  ])('%s', (_what, desired, current, want) => {
    expect(
      planOverlay({ desired, current, localAddress: LOCAL, underlayMtu: MTU, cpuCount: CPUS }).commands.map((a) =>
        a.join(' '),
      ),
    ).toEqual(want);
  });

  describe("learned entries of this host's tasks on the VXLAN port", () => {
    const MAC5 = '02:42:0a:00:03:05';
    const FLUSH = 'bridge fdb flush dev shbr4097 brport shvx4097 dynamic';
    const plan = (current: OverlayState) =>
      planOverlay({ desired: [twoHosts], current, localAddress: LOCAL, underlayMtu: MTU, cpuCount: CPUS });
    const remembered = (macs: string[]): OverlayState => ({
      ...applied,
      localMacs: new Map([['shvx4097', new Set(macs)]]),
    });

    it.each<[string, OverlayState, string[]]>([
      [
        'read from the host: one for a task here (its address was remote before) is flushed',
        state(applied.links, applied.fdb, applied.neigh, [{ mac: MAC5, dev: 'shvx4097' }]),
        [FLUSH],
      ],
      [
        'read from the host: one for a remote task is right, and kept',
        state(applied.links, applied.fdb, applied.neigh, [{ mac: MAC6, dev: 'shvx4097' }]),
        [],
      ],
      [
        'read from the host: one for a task here on a local port is right, and kept',
        state(applied.links, applied.fdb, applied.neigh, [{ mac: MAC5, dev: 'veth1' }]),
        [],
      ],
      ['planned against the last plan: a task new here may have been remote, so flush', remembered([]), [FLUSH]],
      ['planned against the last plan: the same tasks here, nothing to do', remembered([MAC5]), []],
    ])('%s', (_what, current, want) => {
      expect(plan(current).commands.map((a) => a.join(' '))).toEqual(want);
    });

    it('a new device has learned nothing, and the plan remembers the tasks here', () => {
      const fresh = plan(state([bridge()]));
      expect(fresh.commands.map((a) => a.join(' '))).not.toContain(FLUSH);
      expect(fresh.after.localMacs).toEqual(new Map([['shvx4097', new Set([MAC5])]]));
      expect(plan(fresh.after).commands).toEqual([]);
    });
  });

  it('reports networks waiting for their bridge and plans the others', () => {
    const other = makeView({ id: 'net2', vni: 4098, peers: [makePeer(LOCAL)] });
    const plan = planOverlay({
      desired: [other, twoHosts],
      current: state([bridge(4098)]),
      localAddress: LOCAL,
      underlayMtu: MTU,
      cpuCount: CPUS,
    });
    expect(plan.waiting).toEqual([4097]);
    expect(plan.commands.map((a) => a.join(' '))).toEqual([
      'ip link add shvx4098 mtu 1450 type vxlan id 4098 dstport 4789 local 192.0.2.1 nolearning proxy',
      'ip link set dev shvx4098 master shbr4098 up',
      setRpsCommand('shvx4098', 'e').join(' '),
    ]);
  });

  it('sets no RPS mask on a host with one CPU', () => {
    const plan = planOverlay({
      desired: [twoHosts],
      current: state([bridge()]),
      localAddress: LOCAL,
      underlayMtu: MTU,
      cpuCount: 1,
    });
    expect(plan.commands.map((a) => a.join(' '))).toEqual([ADD, ATTACH, ...ENTRIES_B]);
  });

  it('passes the device and mask to the RPS script as arguments, never inside it', () => {
    const argv = setRpsCommand('shvx4097', 'f');
    expect(argv.slice(0, 4)).toEqual(['unshare', '--mount', 'sh', '-c']);
    expect(argv[4]).not.toContain('shvx4097');
    expect(argv.slice(5)).toEqual(['sh', 'shvx4097', 'f']);
  });
});
