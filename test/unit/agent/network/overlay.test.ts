// The overlay adapter: what OverlayDevices and readUnderlayMtu run (exact argv through the recording runner).
import { describe, expect, it } from 'vitest';
import { OVERLAY_REREAD_MS, OverlayDevices, readUnderlayMtu, toBatches } from '../../../../agent/network/overlay';
import { setRpsCommand } from '../../../../agent/network/overlay-plan';
import { RecordingRunner } from '../../../fakes/recording-runner';
import { makePeer, makeView } from './network-views';

const READS = ['ip -d -j link show', 'bridge -j fdb show', 'ip -j -4 neigh show'];
const BRIDGE_ONLY = JSON.stringify([
  { ifname: 'shbr4097', mtu: 1500, flags: ['UP'], linkinfo: { info_kind: 'bridge' } },
]);

const LOCAL = '192.0.2.1';
const ADD = 'link add shvx4097 mtu 8950 type vxlan id 4097 dstport 4789 local 192.0.2.1 nolearning proxy';
const ATTACH = 'link set dev shvx4097 master shbr4097 up';
const withTasks = (...ips: string[]) => [makeView({ peers: [makePeer(LOCAL), makePeer('192.0.2.2', ips)] })];

/** OverlayDevices on a recording runner whose host has only the Docker bridge, and a clock the test moves. */
function devices() {
  const runner = new RecordingRunner().answer('ip -d -j link show', BRIDGE_ONLY);
  const clock = { t: 1_000_000, now: () => clock.t };
  const overlay = new OverlayDevices(runner, clock);
  const ensure = (desired: ReturnType<typeof withTasks>) =>
    overlay.ensure({ desired, localAddress: LOCAL, underlayMtu: 9000, cpuCount: 1 });
  return {
    runner,
    clock,
    ensure,
    since: (n: number) => runner.calls.slice(n).map((c) => [c.argv.join(' '), c.input ?? '']),
  };
}

describe('OverlayDevices', () => {
  it('reads links, FDB and neighbours, then runs the plan in order, each run of one program as one batch', async () => {
    const { runner, ensure } = devices();
    const plan = await ensure(withTasks('10.0.3.6'));
    expect(runner.calls.map((c) => [c.argv.join(' '), c.input ?? ''])).toEqual([
      ...READS.map((r) => [r, '']),
      ['ip -batch -', `${ADD}\n${ATTACH}\n`],
      [
        'bridge -batch -',
        'fdb append 00:00:00:00:00:00 dev shvx4097 dst 192.0.2.2 self permanent\n' +
          'fdb replace 02:42:0a:00:03:06 dev shvx4097 dst 192.0.2.2 self permanent\n',
      ],
      ['ip neigh replace 10.0.3.6 lladdr 02:42:0a:00:03:06 dev shvx4097 nud permanent', ''],
    ]);
    expect(plan.commands).toHaveLength(5);
  });

  it('plans the next pass against what it applied: no reads, only the new entries', async () => {
    const { runner, ensure, since } = devices();
    await ensure(withTasks('10.0.3.6'));
    const n = runner.calls.length;
    expect((await ensure(withTasks('10.0.3.6'))).commands).toEqual([]);
    await ensure(withTasks('10.0.3.6', '10.0.3.8'));
    expect(since(n)).toEqual([
      ['bridge fdb replace 02:42:0a:00:03:08 dev shvx4097 dst 192.0.2.2 self permanent', ''],
      ['ip neigh replace 10.0.3.8 lladdr 02:42:0a:00:03:08 dev shvx4097 nud permanent', ''],
    ]);
  });

  it.each<[string, (d: ReturnType<typeof devices>) => Promise<unknown>]>([
    [
      'after a failed command',
      (d) => {
        d.runner.fail(
          'ip neigh replace 10.0.3.8 lladdr 02:42:0a:00:03:08 dev shvx4097 nud permanent',
          'RTNETLINK answers: Invalid argument',
        );
        return d.ensure(withTasks('10.0.3.6', '10.0.3.8')).then(
          () => expect.unreachable(),
          () => undefined,
        );
      },
    ],
    ['once the memory is older than OVERLAY_REREAD_MS', async (d) => (d.clock.t += OVERLAY_REREAD_MS)],
  ])('reads the host again %s', async (_what, arrange) => {
    const d = devices();
    await d.ensure(withTasks('10.0.3.6'));
    await arrange(d);
    const n = d.runner.calls.length;
    await d.ensure(withTasks('10.0.3.6', '10.0.3.8')).catch(() => undefined);
    expect(
      d
        .since(n)
        .slice(0, 3)
        .map(([argv]) => argv),
    ).toEqual(READS);
  });

  it('reads again before deciding that a network whose bridge it has not seen must wait', async () => {
    const d = devices();
    d.runner.answer('ip -d -j link show', '');
    await d.ensure([]);
    d.runner.answer('ip -d -j link show', BRIDGE_ONLY);
    const n = d.runner.calls.length;
    const plan = await d.ensure(withTasks('10.0.3.6'));
    expect(plan.waiting).toEqual([]);
    expect(
      d
        .since(n)
        .slice(0, 3)
        .map(([argv]) => argv),
    ).toEqual(READS);
  });

  it('stops at the first failing command and rejects with its argv and stderr', async () => {
    const runner = new RecordingRunner()
      .answer('ip -d -j link show', BRIDGE_ONLY)
      .fail(
        'ip link add shvx4097 mtu 1450 type vxlan id 4097 dstport 4789 local 192.0.2.1 nolearning proxy',
        'RTNETLINK answers: File exists',
      );
    const desired = [makeView({ peers: [makePeer(LOCAL)] })];
    await expect(
      new OverlayDevices(runner).ensure({ desired, localAddress: LOCAL, underlayMtu: 1500, cpuCount: 1 }),
    ).rejects.toThrow(
      'ip link add shvx4097 mtu 1450 type vxlan id 4097 dstport 4789 local 192.0.2.1 nolearning proxy: ' +
        'exit 1: RTNETLINK answers: File exists',
    );
    expect(runner.calls).toHaveLength(READS.length + 1);
  });
});

describe('OverlayDevices on a host that refuses the RPS mask', () => {
  it('applies everything else first, rejects, and next time plans nothing more for the device', async () => {
    const rps = setRpsCommand('shvx4097', '2').join(' ');
    const runner = new RecordingRunner()
      .answer('ip -d -j link show', BRIDGE_ONLY)
      .fail(rps, 'mount: /sys: permission denied');
    const overlay = new OverlayDevices(runner);
    const input = { desired: withTasks('10.0.3.6'), localAddress: LOCAL, underlayMtu: 9000, cpuCount: 2 };
    await expect(overlay.ensure(input)).rejects.toThrow('permission denied');
    const ran = runner.calls.map((c) => c.argv.join(' '));
    expect(ran.slice(READS.length)).toEqual([
      'ip -batch -',
      'bridge -batch -',
      'ip neigh replace 10.0.3.6 lladdr 02:42:0a:00:03:06 dev shvx4097 nud permanent',
      rps,
    ]);
    // The host now has the device and its entries; the next pass reads it and has nothing to do.
    const vxlan = {
      ifname: 'shvx4097',
      mtu: 8950,
      master: 'shbr4097',
      flags: ['UP'],
      linkinfo: { info_kind: 'vxlan', info_data: { id: 4097, local: LOCAL, port: 4789, learning: false, proxy: true } },
    };
    runner
      .answer('ip -d -j link show', JSON.stringify([...JSON.parse(BRIDGE_ONLY), vxlan]))
      .answer(
        'bridge -j fdb show',
        JSON.stringify([
          { mac: '00:00:00:00:00:00', ifname: 'shvx4097', dst: '192.0.2.2', flags: ['self'], state: 'permanent' },
          { mac: '02:42:0a:00:03:06', ifname: 'shvx4097', dst: '192.0.2.2', flags: ['self'], state: 'permanent' },
        ]),
      )
      .answer(
        'ip -j -4 neigh show',
        JSON.stringify([{ dst: '10.0.3.6', dev: 'shvx4097', lladdr: '02:42:0a:00:03:06', state: ['PERMANENT'] }]),
      );
    expect((await overlay.ensure(input)).commands).toEqual([]);
  });
});

describe('toBatches', () => {
  it.each<[string, string[][], [string, string?][]]>([
    ['nothing', [], []],
    ['a lone command runs as it is', [['ip', 'link', 'del', 'dev', 'x']], [['ip link del dev x']]],
    [
      'consecutive commands of one program: one batch, a line each',
      [
        ['bridge', 'fdb', 'del', 'a'],
        ['bridge', 'fdb', 'del', 'b'],
      ],
      [['bridge -batch -', 'fdb del a\nfdb del b\n']],
    ],
    [
      'order kept across programs',
      [
        ['ip', 'a'],
        ['bridge', 'b'],
        ['bridge', 'c'],
        ['ip', 'd'],
      ],
      [['ip a'], ['bridge -batch -', 'b\nc\n'], ['ip d']],
    ],
  ])('%s', (_what, commands, want) => {
    expect(
      toBatches(commands).map(([argv, input]) => (input === undefined ? [argv.join(' ')] : [argv.join(' '), input])),
    ).toEqual(want);
  });
});

describe('readUnderlayMtu', () => {
  it('is the MTU of the interface with the address, and fails without one', async () => {
    const runner = new RecordingRunner().answer(
      'ip -j addr show',
      JSON.stringify([{ ifname: 'eth0', mtu: 1400, addr_info: [{ local: '192.0.2.1' }] }]),
    );
    await expect(readUnderlayMtu(runner, '192.0.2.1')).resolves.toBe(1400);
    await expect(readUnderlayMtu(runner, '192.0.2.9')).rejects.toThrow(
      'no interface holds the underlay address 192.0.2.9',
    );
  });
});
