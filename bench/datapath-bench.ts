// TCP throughput on the 3-host testbed, host1 → host2, with one tool for every path (bench/net/tcp-tool.ts,
// a Node sink and source run with nsenter in the network namespaces):
// - underlay: host1's namespace to host2's underlay address (the baseline);
// - overlay: a task on host1 to a task on host2, by the latter's overlay address (VXLAN);
// - VIP: the same task on host1 to the VIP of the 1-replica service whose task is on host2 (nft DNAT
//   in the client's namespace, then VXLAN).
// Each run sends for RUN_S seconds (a fixed time, not a fixed size: this machine's rate varies several
// fold with what else runs on it, and a fixed size made some runs far shorter than a second); runs
// are interleaved across the paths (a round: underlay, overlay, VIP back to back), and the ratio is
// the median over rounds of each round's path / underlay, so a swing in the machine's load between
// rounds does not count as the overlay's cost.
import path from 'node:path';
import { testbed } from '../testkit/testbed';
import type { TcpRunResult } from './net/tcp-tool';
import {
  containerNetns,
  deployStack,
  execIn,
  hostNetns,
  median,
  runIn,
  serviceContainers,
  startIn,
  type Daemon,
  type Netns,
} from './net/netns';
import { eventually } from '../testkit/eventually';
import { toBenchResult, type BenchResult } from './result';

const TOOL = path.join(__dirname, 'net', 'tcp-tool.js');
const PORT = 5201;
/**
 * Rounds, each a new connection. The overlay's rate depends on which CPU RPS hands each connection's
 * decapsulated packets to (by flow hash), so a round lands in one of two modes; 9 rounds make the
 * median a stable figure rather than one coin toss.
 */
const RUNS = 9;
const RUN_S = 2;
const WARMUP_S = 0.5;
/** Any single transfer: RUN_S of sending and then the drain of the socket buffers. */
const RUN_MAX_S = 30;
/** How long a path may take to work after the deploy converged. */
const PATH_READY_MS = 10_000;
const TARGET_OVERLAY = 0.8;
const TARGET_VIP = 0.75;

const STACK = `services:
  sink:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    deploy:
      placement:
        constraints: ["node.hostname == host2"]
  src:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    deploy:
      placement:
        constraints: ["node.hostname == host1"]
`;

async function transfer(from: Netns, host: string, seconds: number): Promise<TcpRunResult> {
  const out = await runIn(
    from,
    TOOL,
    [
      'source',
      '--host',
      host,
      '--port',
      String(PORT),
      '--seconds',
      String(seconds),
      '--max-seconds',
      String(RUN_MAX_S),
    ],
    (RUN_MAX_S + 10) * 1000,
  );
  return JSON.parse(out.trim().split('\n').pop()!) as TcpRunResult;
}

async function mtuOf(ns: Netns, dev: string): Promise<number> {
  return Number(/mtu (\d+)/.exec(await execIn(ns, ['ip', '-o', 'link', 'show', dev]))?.[1]);
}

export async function benchDatapath(): Promise<BenchResult> {
  await testbed.up(3);
  const daemons: Daemon[] = [];
  try {
    await deployStack('dp', STACK);
    const [sink] = await serviceContainers('dp_sink');
    const [src] = await serviceContainers('dp_src');
    if (sink?.host !== 'host2' || src?.host !== 'host1')
      throw new Error(
        `datapath bench: want dp_sink on host2 and dp_src on host1, got ${JSON.stringify({ sink, src })}`,
      );
    const inspect = await testbed.shoal(['service', 'inspect', 'dp_sink']);
    if (inspect.code !== 0) throw new Error(`shoal service inspect dp_sink: ${inspect.stderr}`);
    const { virtualIps } = JSON.parse(inspect.stdout) as { virtualIps: { address: string }[] };
    const vip = virtualIps[0]?.address.split('/')[0];
    if (!vip) throw new Error('datapath bench: dp_sink has no VIP');

    const host1 = hostNetns('host1');
    const host2 = hostNetns('host2');
    const srcNs = await containerNetns('host1', src.id);
    const sinkNs = await containerNetns('host2', sink.id);
    daemons.push(await startIn(host2, TOOL, ['sink', '--port', String(PORT)], 'listening'));
    daemons.push(await startIn(sinkNs, TOOL, ['sink', '--port', String(PORT)], 'listening'));
    const underlayAddress = testbed.hosts.find((h) => h.name === 'host2')!.address;

    const paths = [
      { name: 'underlay', from: host1, to: underlayAddress },
      { name: 'overlay', from: srcNs, to: sink.ip },
      { name: 'vip', from: srcNs, to: vip },
    ];
    // Warm-up on every path (also proves each works). The deploy has converged once the tasks run;
    // the client's VIP rules follow the network map a moment later, so a path gets a few seconds.
    for (const p of paths)
      await eventually(
        `a transfer over the ${p.name} path`,
        async () => (await transfer(p.from, p.to, WARMUP_S)).gbitPerS > 0,
        PATH_READY_MS,
      );

    const runs = new Map<string, TcpRunResult[]>(paths.map((p) => [p.name, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const p of paths) runs.get(p.name)!.push(await transfer(p.from, p.to, RUN_S));
    }
    const gbps = (name: string) => median(runs.get(name)!.map((r) => r.gbitPerS));
    const each = (name: string) =>
      runs
        .get(name)!
        .map((r) => `${r.gbitPerS} in ${r.seconds.toFixed(2)} s`)
        .join(', ');
    const [underlay, overlay, viaVip] = [gbps('underlay'), gbps('overlay'), gbps('vip')];
    const ratio = (name: string) =>
      median(runs.get(name)!.map((r, i) => r.gbitPerS / runs.get('underlay')![i]!.gbitPerS));
    const ratios = (name: string) =>
      runs
        .get(name)!
        .map((r, i) => (r.gbitPerS / runs.get('underlay')![i]!.gbitPerS).toFixed(2))
        .join(', ');
    const mtus =
      `underlay mtu ${await mtuOf(host1, 'eth0')}, container mtu ${await mtuOf(srcNs, 'eth0')}, ` +
      'host2 vxlan rps_cpus: ' +
      [...(await testbed.vxlanRpsMasks('host2'))].map(([dev, mask]) => `${dev} ${mask}`).join(', ');
    return toBenchResult('datapath (tcp host1 -> host2, one stream)', [
      {
        name: 'underlay throughput',
        value: underlay,
        unit: `Gbit/s (median; runs: ${each('underlay')}; ${RUN_S} s of sending each; ${mtus})`,
      },
      { name: 'overlay throughput', value: overlay, unit: `Gbit/s (median; runs: ${each('overlay')})` },
      { name: 'vip throughput', value: viaVip, unit: `Gbit/s (median; runs: ${each('vip')})` },
      {
        name: 'overlay / underlay',
        value: Number(ratio('overlay').toFixed(2)),
        unit: `x (median of rounds: ${ratios('overlay')})`,
        target: { op: '>=', bound: TARGET_OVERLAY },
      },
      {
        name: 'vip / underlay',
        value: Number(ratio('vip').toFixed(2)),
        unit: `x (median of rounds: ${ratios('vip')})`,
        target: { op: '>=', bound: TARGET_VIP },
      },
    ]);
  } finally {
    for (const d of daemons) await d.stop();
    await testbed.down();
  }
}

if (require.main === module) {
  benchDatapath()
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
