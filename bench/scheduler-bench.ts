// Scheduler benchmark: 50,000 replicas of 500 services placed on 1,000 nodes in one planPlacements
// call, with constraints, spread preferences, reservations and max replicas per node.
import { NodeLoadIndex } from '../manager/scheduler/node-load';
import { planPlacements, type PlacementInput } from '../manager/scheduler/placement';
import type { Node, ServiceSpec, Task } from '../proto/types';
import { toBenchResult, type BenchResult } from './result';

const NODE_COUNT = 1_000;
const SERVICE_COUNT = 500;
const REPLICAS_PER_SERVICE = 100;
const ZONES = 5;
const GIB = 2 ** 30;
/** The rate the manager needs to place a large stack within a second or so, on a 2-core machine. */
const TARGET_PLACEMENTS_PER_S = 50_000;
/** Untimed first run, so that the timed ones measure optimised code. */
const WARMUP_RUNS = 1;
const TIMED_RUNS = 3;

export async function benchScheduler(): Promise<BenchResult> {
  const input = makeInput();
  const memory = new MemorySampler();
  let unplaced = 0;
  const rates: number[] = [];
  for (let run = 0; run < WARMUP_RUNS + TIMED_RUNS; run++) {
    memory.collect();
    memory.sample();
    const started = process.hrtime.bigint();
    const plan = planPlacements(input);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    memory.sample();
    unplaced = plan.unplaced.length;
    if (run >= WARMUP_RUNS) rates.push(plan.placed.length / seconds);
    await new Promise((resolve) => setImmediate(resolve));
  }
  rates.sort((a, b) => a - b);
  return toBenchResult('scheduler', [
    {
      name: 'placements_per_s (median)',
      value: Math.round(rates[rates.length >> 1]!),
      unit: '/s',
      target: { op: '>=', bound: TARGET_PLACEMENTS_PER_S },
    },
    { name: 'unplaced', value: unplaced, unit: 'tasks', target: { op: '<=', bound: 0 } },
    { name: 'peak_rss', value: Math.round(memory.peakRss / 2 ** 20), unit: 'MiB' },
    { name: 'peak_heap_used', value: Math.round(memory.peakHeapUsed / 2 ** 20), unit: 'MiB' },
  ]);
}

class MemorySampler {
  peakRss = 0;
  peakHeapUsed = 0;

  sample(): void {
    const m = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, m.rss);
    this.peakHeapUsed = Math.max(this.peakHeapUsed, m.heapUsed);
  }

  /** Collects garbage first when node runs with --expose-gc, so a run does not pay for the last. */
  collect(): void {
    (globalThis as { gc?: () => void }).gc?.();
  }
}

function makeInput(): PlacementInput {
  const nodes = Array.from({ length: NODE_COUNT }, (_, i) => makeNode(i));
  const tasks: Task[] = [];
  for (let s = 0; s < SERVICE_COUNT; s++) {
    const spec = makeSpec(s);
    for (let slot = 1; slot <= REPLICAS_PER_SERVICE; slot++) tasks.push(makeTask(s, slot, spec));
  }
  // Every task waits for a node, so no node carries load yet.
  return { nodes, tasks, load: new NodeLoadIndex(), now: 0 };
}

function makeNode(i: number): Node {
  const id = `node-${String(i).padStart(4, '0')}`;
  return {
    id,
    meta: { version: 1, createdAt: 0, updatedAt: 0 },
    description: {
      hostname: id,
      role: i % 10 === 0 ? 'manager' : 'worker',
      labels: { rack: `r${i % 40}` },
      platform: { os: 'linux', arch: 'x86_64' },
      resources: { nanoCpus: 16e9, memoryBytes: 64 * GIB },
      address: `10.${(i >> 8) & 255}.${i & 255}.1`,
      engineVersion: '27.0.0',
    },
    labels: { zone: `z${i % ZONES}` },
    availability: 'active',
    status: 'ready',
    statusMessage: '',
    lastSeen: 0,
  };
}

/** Every service: workers only, one zone excluded; every 5th spreads over zones; every 7th at most 1 per node. */
function makeSpec(s: number): ServiceSpec {
  const update = {
    parallelism: 1,
    delayMs: 0,
    failureAction: 'pause',
    monitorMs: 5000,
    maxFailureRatio: 0,
    order: 'stop-first',
  };
  return {
    name: `svc-${s}`,
    stack: 'bench',
    labels: {},
    container: {
      image: 'nginx:alpine',
      entrypoint: [],
      command: [],
      env: [],
      labels: {},
      user: '',
      workingDir: '',
      hostname: '',
      stopGracePeriodMs: 10_000,
      stopSignal: '',
      healthcheck: null,
    },
    mode: 'replicated',
    replicas: REPLICAS_PER_SERVICE,
    placement: {
      constraints: ['node.role==worker', `node.labels.zone!=z${s % ZONES}`, 'node.platform.os==linux'],
      preferences: s % 5 === 0 ? [{ spread: 'node.labels.zone' }] : [],
      maxReplicasPerNode: s % 7 === 0 ? 1 : 0,
    },
    resources: {
      reservations: { nanoCpus: 0.1e9, memoryBytes: 128 * 2 ** 20 },
      limits: { nanoCpus: 0, memoryBytes: 0 },
    },
    restartPolicy: { condition: 'any', delayMs: 5000, maxAttempts: 0, windowMs: 0 },
    updateConfig: update,
    rollbackConfig: update,
    endpoint: { mode: 'vip', ports: [] },
    networks: [],
    forceUpdate: 0,
    rebalance: false,
  };
}

function makeTask(s: number, slot: number, spec: ServiceSpec): Task {
  return {
    id: `task-${s}-${slot}`,
    meta: { version: 1, createdAt: 0, updatedAt: 0 },
    serviceId: `svc-${s}`,
    serviceName: spec.name,
    slot,
    nodeId: '',
    desiredState: 'running',
    status: { state: 'pending', message: '', err: '', timestamp: 0, containerId: '', exitCode: 0 },
    spec,
    specVersion: 1,
    restartAt: 0,
    addresses: [],
    targetNodeId: '',
  };
}
