// Control plane at scale: a real shoal-manager process (embedded etcd) and simulated agents over real
// gRPC (SimAgent: the real agent session with a fake runtime), in this process, apart from the manager,
// so what is measured is the manager's cost. Three points on a curve, each a fresh manager: 20,000
// replicas on 200 agents, 50,000 on 500 and 100,000 on 1,000; at each, the time from the deploy until
// every replica is reported running, and the manager's peak memory. At the largest, also: `service ls`
// and `service ps` of a 1,000-task service, and how long the tasks of lost nodes take to run elsewhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type ShoalClient } from '../cli/client';
import { loadStack } from '../cli/stack/load';
import { SimAgent } from '../testkit/sim-agent';
import { eventually } from '../testkit/eventually';
import { toBenchResult, type BenchMetric, type BenchResult } from './result';
import { freePort } from '../manager/store/embedded-etcd';

/** The product's manager, as `npm run build` makes it (this file runs from dist-bench/bench/). */
const MANAGER_MAIN = path.resolve(__dirname, '..', '..', 'dist', 'manager', 'main.js');
/** Replicas per service: `service ps` of one service then lists 1,000 tasks, as issue 14 measures. */
const REPLICAS_PER_SERVICE = 1_000;
/** The curve: tasks and agents at each point (100 tasks per agent throughout). */
const POINTS: readonly { tasks: number; agents: number }[] = [
  { tasks: 20_000, agents: 200 },
  { tasks: 50_000, agents: 500 },
  { tasks: 100_000, agents: 1_000 },
];
/** At 20,000 tasks, deploy to all running at least this fast (issue 3's target). */
const TARGET_TASKS_PER_S_20K = 2_000;
/** At 100,000 tasks (issue 14's targets): the rate, and that rate against the rate at 20,000. */
const TARGET_TASKS_PER_S_100K = 3_000;
const TARGET_RATE_RATIO = 0.8;
/** The manager's peak resident memory at 100,000 tasks. */
const TARGET_PEAK_RSS_MIB = 1_536;
/** `service ls` and `service ps` of a 1,000-task service, at 100,000 tasks. */
const TARGET_LIST_MS = 1_000;
/** Nodes lost at once at the largest point: with 100 tasks each, 1,000 tasks to run elsewhere. */
const LOST_NODES = 10;
/** The bench gives up on one wait after this long rather than hang. */
const CONVERGE_TIMEOUT_MS = 300_000;
/** Room for 100,000 task addresses, outside the default address pool 10.0.0.0/12. */
const SCALE_SUBNET = '10.100.0.0/14';
/** Poll the running count this often: fine enough for a run of several seconds, light on the manager. */
const POLL_MS = 250;

/** The manager's peak resident memory (VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function stackYaml(services: number): string {
  const lines = ['services:'];
  for (let i = 1; i <= services; i++) {
    lines.push(`  svc${i}:`, '    image: busybox:latest', '    deploy:', `      replicas: ${REPLICAS_PER_SERVICE}`);
  }
  // This many tasks do not fit a default /24 network (as in Swarm): give the stack's network a /14.
  lines.push('networks:', '  default:', '    ipam:', '      config:', `        - subnet: ${SCALE_SUBNET}`);
  return lines.join('\n');
}

async function runningTotal(client: ShoalClient): Promise<number> {
  return (await client.listServices({})).reduce((sum, s) => sum + (s.replicas?.running ?? 0), 0);
}

/**
 * The simulated agents share this process's one event loop, which is busy for whole seconds
 * taking tens of thousands of assignments and sending their reports, so their heartbeats run late as no real
 * agent's would: the manager gets Swarm-like liveness settings here, which the measured path (deploy,
 * schedule, assign, report) does not use.
 */
const SIM_NODE_TIMEOUT_S = 5;
const SIM_LIVENESS_FLAGS = ['--heartbeat-interval', '1s', '--node-timeout', `${SIM_NODE_TIMEOUT_S}s`];

/** What one point of the curve measured. */
interface PointResult {
  tasks: number;
  agents: number;
  seconds: number;
  peakRssMiB: number;
  spread: number;
  /** Only at the point that measures them (the largest). */
  listMs?: { ls: number; ps: number };
  lostNodes?: { tasks: number; seconds: number; nodeTimeoutS: number };
}

/** How long `fn` takes, in ms. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return Math.round(performance.now() - started);
}

async function runPoint(tasks: number, agentCount: number, measureMore: boolean): Promise<PointResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'shoal-bench-'));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const manager: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.SHOAL_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      MANAGER_MAIN,
      '--listen',
      address,
      '--data-dir',
      dir,
      ...SIM_LIVENESS_FLAGS,
      '--log-level',
      process.env.SHOAL_BENCH_LOG_LEVEL ?? 'warn',
    ],
    { stdio: ['ignore', process.env.SHOAL_BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'] },
  );
  const agents: SimAgent[] = [];
  let client: ShoalClient | undefined;
  try {
    client = await connect(address);
    await eventually(
      'the manager',
      async () =>
        await client!.listNodes().then(
          () => true,
          () => false,
        ),
      30_000,
    );
    for (let i = 1; i <= agentCount; i++) {
      const a = new SimAgent({ manager: address, hostname: `sim-${String(i).padStart(4, '0')}` });
      a.start();
      agents.push(a);
    }
    await eventually(
      `all ${agentCount} agents ready`,
      async () => (await client!.listNodes()).filter((n) => n.status === 'ready').length === agentCount,
      120_000,
    );

    const services = tasks / REPLICAS_PER_SERVICE;
    const stack = loadStack('scale', [{ path: 'scale.yml', content: stackYaml(services) }], {}).stack;
    const started = Date.now();
    await client.deployStack({ stack, prune: true });
    await eventually(
      `${tasks} tasks running`,
      async () => (await runningTotal(client!)) === tasks,
      CONVERGE_TIMEOUT_MS,
      POLL_MS,
    );
    const seconds = (Date.now() - started) / 1000;
    const perAgent = agents.map((a) => a.running.size);
    const result: PointResult = {
      tasks,
      agents: agentCount,
      seconds,
      peakRssMiB: peakRssMiB(manager.pid!),
      spread: Math.max(...perAgent) - Math.min(...perAgent),
    };
    if (measureMore) {
      const ls = await timed(() => client!.listServices({}));
      const ps = await timed(() => client!.listTasks({ stack: '', services: ['scale_svc1'], node: '' }));
      result.listMs = { ls, ps };
      const lost = agents.slice(0, LOST_NODES);
      const lostTasks = lost.reduce((n, a) => n + a.running.size, 0);
      const lostAt = Date.now();
      for (const a of lost) a.kill();
      // Every replica running again, on the nodes left: the lost nodes' tasks were replaced elsewhere.
      await eventually(
        `${lostTasks} tasks of ${LOST_NODES} lost nodes running elsewhere`,
        async () =>
          (await runningTotal(client!)) === tasks &&
          agents.slice(LOST_NODES).reduce((n, a) => n + a.running.size, 0) === tasks,
        CONVERGE_TIMEOUT_MS,
        POLL_MS,
      );
      result.lostNodes = { tasks: lostTasks, seconds: (Date.now() - lostAt) / 1000, nodeTimeoutS: SIM_NODE_TIMEOUT_S };
    }
    return result;
  } finally {
    for (const a of agents) a.kill();
    client?.close();
    manager.kill('SIGTERM');
    await new Promise<void>((resolve) =>
      manager.exitCode !== null ? resolve() : manager.once('exit', () => resolve()),
    );
    rmSync(dir, { recursive: true, force: true });
  }
}

function rate(p: PointResult): number {
  return Math.round(p.tasks / p.seconds);
}

export async function benchControlPlane(): Promise<BenchResult> {
  const points: PointResult[] = [];
  for (const [i, point] of POINTS.entries()) {
    points.push(await runPoint(point.tasks, point.agents, i === POINTS.length - 1));
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const metrics: BenchMetric[] = [];
  for (const p of points) {
    const at = `${p.tasks / 1000}k tasks / ${p.agents} agents`;
    const target =
      p === first
        ? { op: '>=' as const, bound: TARGET_TASKS_PER_S_20K }
        : p === last
          ? { op: '>=' as const, bound: TARGET_TASKS_PER_S_100K }
          : undefined;
    metrics.push(
      { name: `${at}: deploy to all running`, value: Number(p.seconds.toFixed(2)), unit: 's' },
      { name: `${at}: end-to-end rate`, value: rate(p), unit: 'tasks/s', ...(target && { target }) },
      {
        name: `${at}: manager peak RSS`,
        value: p.peakRssMiB,
        unit: `MiB (${Math.round((p.peakRssMiB * 1024) / p.tasks)} KiB per task)`,
        ...(p === last && { target: { op: '<=' as const, bound: TARGET_PEAK_RSS_MIB } }),
      },
      { name: `${at}: tasks per agent (max - min)`, value: p.spread, unit: 'tasks' },
    );
  }
  metrics.push({
    name: `rate at ${last.tasks / 1000}k / rate at ${first.tasks / 1000}k`,
    value: Number((rate(last) / rate(first)).toFixed(2)),
    unit: 'x',
    target: { op: '>=', bound: TARGET_RATE_RATIO },
  });
  if (last.listMs) {
    const list = { op: '<=' as const, bound: TARGET_LIST_MS };
    metrics.push(
      { name: `service ls at ${last.tasks / 1000}k tasks`, value: last.listMs.ls, unit: 'ms', target: list },
      { name: `service ps of a 1,000-task service`, value: last.listMs.ps, unit: 'ms', target: list },
    );
  }
  if (last.lostNodes) {
    const { tasks, seconds, nodeTimeoutS } = last.lostNodes;
    metrics.push({
      name: `${LOST_NODES} nodes lost (${tasks} tasks): all running elsewhere after`,
      value: Number(seconds.toFixed(2)),
      unit: `s (node timeout ${nodeTimeoutS} s)`,
      target: { op: '<=', bound: nodeTimeoutS + 5 },
    });
  }
  return toBenchResult('control-plane (simulated agents, 1,000 replicas per service)', metrics);
}
