// The I/O edges: what ensureOverlay, readUnderlayMtu and applyVipRules run (exact argv through the
// recording runner), and how ExecCommandRunner reports output and failures of real processes.
import { describe, expect, it } from 'vitest';
import { CommandFailedError, ExecCommandRunner } from '../../../../agent/network/ip';
import { ensureOverlay, readUnderlayMtu } from '../../../../agent/network/overlay';
import { applyVipRules } from '../../../../agent/network/vip';
import { RecordingRunner } from '../../../fakes/recording-runner';
import { makePeer, makeView } from './network-views';

const READS = ['ip -d -j link show', 'bridge -j fdb show', 'ip -j -4 neigh show'];
const BRIDGE_ONLY = JSON.stringify([{ ifname: 'shbr4097', mtu: 1500, flags: ['UP'], linkinfo: { info_kind: 'bridge' } }]);

describe('ensureOverlay', () => {
  it('reads links, FDB and neighbours, then runs the plan in order', async () => {
    const runner = new RecordingRunner().answer('ip -d -j link show', BRIDGE_ONLY);
    const desired = [makeView({ peers: [makePeer('192.0.2.1'), makePeer('192.0.2.2', ['10.0.3.6'])] })];
    const plan = await ensureOverlay(runner, { desired, localAddress: '192.0.2.1', underlayMtu: 9000 });
    expect(runner.lines()).toEqual([
      ...READS,
      'ip link add shvx4097 mtu 8950 type vxlan id 4097 dstport 4789 local 192.0.2.1 nolearning proxy',
      'ip link set dev shvx4097 master shbr4097 up',
      'bridge fdb append 00:00:00:00:00:00 dev shvx4097 dst 192.0.2.2 self permanent',
      'bridge fdb replace 02:42:0a:00:03:06 dev shvx4097 dst 192.0.2.2 self permanent',
      'ip neigh replace 10.0.3.6 lladdr 02:42:0a:00:03:06 dev shvx4097 nud permanent',
    ]);
    expect(plan.commands).toHaveLength(5);
  });

  it('stops at the first failing command and rejects with its argv and stderr', async () => {
    const runner = new RecordingRunner()
      .answer('ip -d -j link show', BRIDGE_ONLY)
      .fail('ip link add shvx4097 mtu 1450 type vxlan id 4097 dstport 4789 local 192.0.2.1 nolearning proxy', 'RTNETLINK answers: File exists');
    const desired = [makeView({ peers: [makePeer('192.0.2.1')] })];
    await expect(ensureOverlay(runner, { desired, localAddress: '192.0.2.1', underlayMtu: 1500 })).rejects.toThrow(
      'ip link add shvx4097 mtu 1450 type vxlan id 4097 dstport 4789 local 192.0.2.1 nolearning proxy: exit 1: RTNETLINK answers: File exists',
    );
    expect(runner.lines()).toHaveLength(READS.length + 1);
  });
});

describe('readUnderlayMtu', () => {
  it('is the MTU of the interface with the address, and fails without one', async () => {
    const runner = new RecordingRunner().answer('ip -j addr show', JSON.stringify([{ ifname: 'eth0', mtu: 1400, addr_info: [{ local: '192.0.2.1' }] }]));
    await expect(readUnderlayMtu(runner, '192.0.2.1')).resolves.toBe(1400);
    await expect(readUnderlayMtu(runner, '192.0.2.9')).rejects.toThrow('no interface holds the underlay address 192.0.2.9');
  });
});

describe('applyVipRules', () => {
  it('feeds the script to nft inside the container network namespace', async () => {
    const runner = new RecordingRunner();
    await applyVipRules(runner, 4242, 'table ip shoal\n');
    expect(runner.calls).toEqual([{ argv: ['nsenter', '--net=/proc/4242/ns/net', 'nft', '-f', '-'], input: 'table ip shoal\n' }]);
  });
});

describe('ExecCommandRunner', () => {
  it('returns stdout, passes stdin, and puts the prefix first', async () => {
    const runner = new ExecCommandRunner({ prefix: ['env', 'LC_ALL=C'] });
    await expect(runner.run(['sh', '-c', 'cat; echo " $LC_ALL"'], 'in')).resolves.toBe('in C\n');
  });

  it('passes arguments without a shell', async () => {
    await expect(new ExecCommandRunner().run(['echo', '$HOME;', '`id`'])).resolves.toBe('$HOME; `id`\n');
  });

  it('fails with the argv, the exit status and stderr', async () => {
    const err = await new ExecCommandRunner().run(['ip', 'link', 'show', 'dev', 'shoal-no-such-dev']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandFailedError);
    expect((err as CommandFailedError).message).toMatch(/^ip link show dev shoal-no-such-dev: exit 1: Device "shoal-no-such-dev" does not exist\.$/);
  });

  it('fails on a program that does not exist', async () => {
    await expect(new ExecCommandRunner().run(['shoal-no-such-program'])).rejects.toThrow(/^shoal-no-such-program: did not exit normally: spawn shoal-no-such-program ENOENT/);
  });
});
