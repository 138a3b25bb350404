// DNS on the 3-host testbed: Shoal's resolver (the agent's DNS server on the overlay's gateway) against
// Docker's embedded DNS (127.0.0.11 in a user-defined network) on the same engine (host1), with the
// same client (bench/net/dns-client.ts, run with nsenter in a container's network namespace) and the
// same query mix: 90% A for a name with one address, 10% A for a name with three.
// - Shoal: from a task on the overlay, `web` (the service's VIP) and `tasks.web` (its 3 tasks).
// - Docker: from a container on a plain user-defined network, `dnsbench-target` (a container's name)
//   and `dnsbench-pool` (an alias three containers share).
// Each is run with 1 query in flight (latency: p99) and with 8 (throughput), in RUNS rounds; within
// a round Shoal and Docker run back to back (alternating which goes first), and a ratio is the
// median over rounds of each round's Shoal / Docker, so a swing in the machine's load between
// rounds does not count for either side. Rates and latencies are the medians over the rounds. Also
// measured, without a target: what a task's own resolver (127.0.0.11, which forwards service names
// to Shoal's server) costs for the same names.
import path from 'node:path';
import { testbed } from '../testkit/testbed';
import type { DnsRunResult } from './net/dns-client';
import { containerNetns, deployStack, median, runIn, serviceContainers, type Netns } from './net/netns';
import { eventually } from '../testkit/eventually';
import { toBenchResult, type BenchMetric, type BenchResult } from './result';

const CLIENT = path.join(__dirname, 'net', 'dns-client.js');
const QUERIES = 20_000;
const WARMUP = 2_000;
const RUNS = 5;
const LOADED_INFLIGHT = 8;
/** Per client run: 22,000 queries take a few seconds; a lost query costs at most the 1 s timeout. */
const RUN_MAX_S = 60;
const TARGET_P99_MS = 1;
/** Shoal answers at least as many queries per second as Docker's embedded DNS. */
const TARGET_QPS_RATIO = 1;

const STACK = `services:
  web:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    deploy:
      replicas: 3
  client:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    deploy:
      placement:
        constraints: ["node.hostname == host1"]
`;
const PLAIN_NETWORK = 'dnsbench-plain';
const TARGET = 'dnsbench-target';
const POOL = 'dnsbench-pool';

interface Side {
  label: string;
  ns: Netns;
  server: string;
  names: [string, string];
}

async function query(side: Side, inflight: number, count = QUERIES, warmup = WARMUP): Promise<DnsRunResult> {
  const out = await runIn(
    side.ns,
    CLIENT,
    [
      '--server',
      side.server,
      '--names',
      side.names.join(','),
      '--count',
      String(count),
      '--warmup',
      String(warmup),
      '--inflight',
      String(inflight),
      '--max-seconds',
      String(RUN_MAX_S),
    ],
    (RUN_MAX_S + 10) * 1000,
  );
  const r = JSON.parse(out.trim().split('\n').pop()!) as DnsRunResult;
  if (r.failed > 0 || r.lost > 0)
    throw new Error(
      `${side.label}: ${r.failed} of ${r.sent} queries not answered with an address, ${r.lost} lost: ${out}`,
    );
  return r;
}

/**
 * Docker's side on host1: a plain user-defined network, a container with a name, three with a
 * shared alias, and the client.
 */
async function plainNetwork(): Promise<string> {
  const d = (args: string[]) => testbed.docker('host1', args);
  await d(['network', 'create', PLAIN_NETWORK]);
  const sleeper = ['busybox:latest', 'sleep', '3600'];
  await d(['run', '-d', '--name', TARGET, '--network', PLAIN_NETWORK, ...sleeper]);
  for (let i = 1; i <= 3; i++)
    await d(['run', '-d', '--name', `${POOL}-${i}`, '--network', PLAIN_NETWORK, '--network-alias', POOL, ...sleeper]);
  return (await d(['run', '-d', '--name', 'dnsbench-client', '--network', PLAIN_NETWORK, ...sleeper])).trim();
}

interface Summary {
  qps: number;
  p50: number;
  p99: number;
  runs: DnsRunResult[];
}

const summarize = (runs: DnsRunResult[]): Summary => ({
  qps: median(runs.map((r) => r.qps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  runs,
});

/** Shoal / Docker qps: the median over rounds of each round's ratio. */
const qpsRatio = (shoal: Summary, docker: Summary): number =>
  median(shoal.runs.map((r, i) => r.qps / docker.runs[i]!.qps));

export async function benchDns(): Promise<BenchResult> {
  await testbed.up(3);
  try {
    await deployStack('dnsb', STACK);
    const [client] = await serviceContainers('dnsb_client');
    if (!client || client.host !== 'host1')
      throw new Error(`dns bench: no dnsb_client container on host1 (${JSON.stringify(client)})`);
    const gateway = (await testbed.docker('host1', ['inspect', '-f', '{{index .HostConfig.Dns 0}}', client.id])).trim();
    const web = (await serviceContainers('dnsb_web')).map((c) => c.ip).sort();
    if (web.length !== 3) throw new Error(`dns bench: ${web.length} dnsb_web containers, not 3`);
    const dockerClient = await plainNetwork();

    const shoal: Side = {
      label: 'shoal',
      ns: await containerNetns('host1', client.id),
      server: gateway,
      names: ['web', 'tasks.web'],
    };
    const docker: Side = {
      label: 'docker',
      ns: await containerNetns('host1', dockerClient),
      server: '127.0.0.11',
      names: [TARGET, POOL],
    };
    const viaEmbedded: Side = { ...shoal, label: 'shoal via 127.0.0.11', server: '127.0.0.11' };

    // The network map reaches the agent after convergence: wait until tasks.web answers all three tasks.
    await eventually('shoal answers tasks.web with its 3 tasks', async () => {
      const out = await testbed.docker('host1', ['exec', client.id, 'nslookup', 'tasks.web', gateway]);
      return (
        [...out.matchAll(/^Address:\s+(\d+\.\d+\.\d+\.\d+)$/gm)]
          .map((m) => m[1]!)
          .sort()
          .join() === web.join()
      );
    });
    await query(shoal, 1, 10, 0);
    await query(docker, 1, 10, 0);

    const results: Record<string, DnsRunResult[]> = {};
    const record = (key: string, r: DnsRunResult) => (results[key] ??= []).push(r);
    for (let i = 0; i < RUNS; i++) {
      for (const inflight of [1, LOADED_INFLIGHT]) {
        // Alternate which goes first, so neither always runs on a warmer machine.
        const order = i % 2 === 0 ? [shoal, docker] : [docker, shoal];
        for (const side of order) record(`${side.label}/${inflight}`, await query(side, inflight));
      }
    }
    const viaEmbeddedRun = await query(viaEmbedded, 1, 5_000, 500);

    const s1 = summarize(results[`shoal/1`]!);
    const d1 = summarize(results[`docker/1`]!);
    const s8 = summarize(results[`shoal/${LOADED_INFLIGHT}`]!);
    const d8 = summarize(results[`docker/${LOADED_INFLIGHT}`]!);
    const ms = (x: number) => Number(x.toFixed(3));
    const runsOf = (s: Summary) => s.runs.map((r) => `${r.qps}/${ms(r.p99)}`).join(', ');
    const roundsOf = (a: Summary, b: Summary) => a.runs.map((r, i) => (r.qps / b.runs[i]!.qps).toFixed(2)).join(', ');
    const metrics: BenchMetric[] = [
      {
        name: `shoal qps, ${LOADED_INFLIGHT} in flight`,
        value: s8.qps,
        unit: `queries/s (runs qps/p99 ms: ${runsOf(s8)})`,
      },
      {
        name: `docker qps, ${LOADED_INFLIGHT} in flight`,
        value: d8.qps,
        unit: `queries/s (runs qps/p99 ms: ${runsOf(d8)})`,
      },
      {
        name: `shoal/docker qps, ${LOADED_INFLIGHT} in flight`,
        value: Number(qpsRatio(s8, d8).toFixed(2)),
        unit: `x (median of rounds: ${roundsOf(s8, d8)})`,
        target: { op: '>=', bound: TARGET_QPS_RATIO },
      },
      { name: 'shoal qps, 1 in flight', value: s1.qps, unit: `queries/s (runs qps/p99 ms: ${runsOf(s1)})` },
      { name: 'docker qps, 1 in flight', value: d1.qps, unit: `queries/s (runs qps/p99 ms: ${runsOf(d1)})` },
      {
        name: 'shoal/docker qps, 1 in flight',
        value: Number(qpsRatio(s1, d1).toFixed(2)),
        unit: `x (median of rounds: ${roundsOf(s1, d1)})`,
        target: { op: '>=', bound: TARGET_QPS_RATIO },
      },
      { name: 'shoal p50, 1 in flight', value: ms(s1.p50), unit: 'ms' },
      { name: 'shoal p99, 1 in flight', value: ms(s1.p99), unit: 'ms', target: { op: '<=', bound: TARGET_P99_MS } },
      { name: 'docker p50, 1 in flight', value: ms(d1.p50), unit: 'ms' },
      { name: 'docker p99, 1 in flight', value: ms(d1.p99), unit: 'ms' },
      { name: `shoal p99, ${LOADED_INFLIGHT} in flight`, value: ms(s8.p99), unit: 'ms' },
      { name: `docker p99, ${LOADED_INFLIGHT} in flight`, value: ms(d8.p99), unit: 'ms' },
      {
        name: "service name via a task's 127.0.0.11 (docker forwards to shoal), 1 in flight",
        value: viaEmbeddedRun.qps,
        unit: `queries/s (p50 ${ms(viaEmbeddedRun.p50)} ms, p99 ${ms(viaEmbeddedRun.p99)} ms)`,
      },
    ];
    return toBenchResult('dns (host1: shoal resolver vs docker embedded dns)', metrics);
  } finally {
    await testbed.down();
  }
}

if (require.main === module) {
  benchDns()
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
