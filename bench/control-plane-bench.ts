// Control plane at scale: a real shoal-manager process (embedded etcd) and 200 simulated agents over
// real gRPC (SimAgent: the real agent session with a fake runtime). Deploys 20,000 replicas and
// measures the time until all of them are reported running, and the manager's peak memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type ShoalClient } from '../cli/client';
import { loadStack } from '../cli/stack/load';
import { SimAgent } from '../testkit/sim-agent';
import { eventually } from '../testkit/eventually';
import { toBenchResult, type BenchResult } from './result';
import { freePort } from '../manager/store/embedded-etcd';

/** The product's manager, as `npm run build` makes it (this file runs from dist-bench/bench/). */
const MANAGER_MAIN = path.resolve(__dirname, '..', '..', 'dist', 'manager', 'main.js');
const AGENTS = 200;
const SERVICES = 20;
const REPLICAS_PER_SERVICE = 1_000;
/** End-to-end rate the issue asks for: deploy to all reported running. */
const TARGET_TASKS_PER_S = 2_000;
/** The bench gives up after this long rather than hang. */
const CONVERGE_TIMEOUT_MS = 120_000;
/** Poll the running count this often: fine enough for a run of several seconds, light on the manager. */
/** Room for 20,000 task addresses, outside the default address pool 10.0.0.0/12. */
const SCALE_SUBNET = '10.100.0.0/16';
const POLL_MS = 250;

/** The manager's peak resident memory (VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function stackYaml(): string {
  const lines = ['services:'];
  for (let i = 1; i <= SERVICES; i++) {
    lines.push(`  svc${i}:`, '    image: busybox:latest', '    deploy:', `      replicas: ${REPLICAS_PER_SERVICE}`);
  }
  // 20,000 tasks do not fit a default /24 network (as in Swarm): give the stack's network a /16.
  lines.push('networks:', '  default:', '    ipam:', '      config:', `        - subnet: ${SCALE_SUBNET}`);
  return lines.join('\n');
}

async function runningTotal(client: ShoalClient): Promise<number> {
  return (await client.listServices({})).reduce((sum, s) => sum + (s.replicas?.running ?? 0), 0);
}

/**
 * The 200 simulated agents share this process's one event loop, which is busy for whole seconds
 * taking 20,000 assignments and sending their reports, so their heartbeats run late as no real
 * agent's would: the manager gets Swarm-like liveness settings here, which the measured path (deploy,
 * schedule, assign, report) does not use.
 */
const SIM_LIVENESS_FLAGS = ['--heartbeat-interval', '1s', '--node-timeout', '5s'];

export async function benchControlPlane(): Promise<BenchResult> {
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
    for (let i = 1; i <= AGENTS; i++) {
      const a = new SimAgent({ manager: address, hostname: `sim-${String(i).padStart(3, '0')}` });
      a.start();
      agents.push(a);
    }
    await eventually(
      'all agents ready',
      async () => (await client!.listNodes()).filter((n) => n.status === 'ready').length === AGENTS,
      60_000,
    );

    const stack = loadStack('scale', [{ path: 'scale.yml', content: stackYaml() }], {}).stack;
    const total = SERVICES * REPLICAS_PER_SERVICE;
    const started = Date.now();
    await client.deployStack({ stack, prune: true });
    await eventually(
      `${total} tasks running`,
      async () => (await runningTotal(client!)) === total,
      CONVERGE_TIMEOUT_MS,
      POLL_MS,
    );
    const seconds = (Date.now() - started) / 1000;
    const perAgent = agents.map((a) => a.running.size);
    return toBenchResult('control-plane (200 simulated agents, 20,000 replicas)', [
      { name: 'deploy to all running', value: Number(seconds.toFixed(2)), unit: 's' },
      {
        name: 'end-to-end rate',
        value: Math.round(total / seconds),
        unit: 'tasks/s',
        target: { op: '>=', bound: TARGET_TASKS_PER_S },
      },
      { name: 'manager peak RSS', value: peakRssMiB(manager.pid!), unit: 'MiB' },
      { name: 'tasks per agent (max - min)', value: Math.max(...perAgent) - Math.min(...perAgent), unit: 'tasks' },
    ]);
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
