// Benchmarks on the 3-host testbed (real engines, real manager and agents):
// - heal time: 12 replicas, one host killed: seconds from the kill to 12 running again (median of runs),
//   and where the time of the median run went (heal-trace.ts: from the cluster events of the heal);
// - deploy overhead: `shoal stack deploy` of N replicas to converged, divided by the time the same
//   engines take to start N containers directly through their API with the same parallelism (the
//   agent starts all of a host's new containers at once). Rounds of the two alternate and the
//   medians are compared, so that a slow moment of the machine does not fall on one side only.
import Docker from 'dockerode';
import { connect, type ShoalClient } from '../cli/client';
import { loadStack } from '../cli/stack/load';
import { testbed } from '../testkit/testbed';
import { eventually } from '../testkit/eventually';
import type { ClusterEvent__Output as ClusterEvent } from '../proto/generated/shoal/v1/ClusterEvent';
import { traceHeal, type HealTrace } from './heal-trace';
import { toBenchResult, type BenchMetric, type BenchResult } from './result';

const HEAL_REPLICAS = 12;
const HEAL_RUNS = 5;
/** Swarm needs about 20 s; issue 14 asks for under 2.5 s with default settings (issue 3 asked 5 s). */
const TARGET_HEAL_S = 2.5;
const DEPLOY_REPLICAS = 30;
const DEPLOY_ROUNDS = 3;
/** At most 20% slower than starting the same containers by hand. */
const TARGET_DEPLOY_OVERHEAD = 1.2;
const DIRECT_NETWORK = 'bench-direct';
const SETTLE_TIMEOUT_MS = 90_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function running(client: ShoalClient, service: string, notOn?: string): Promise<number> {
  const nodes = await client.listNodes();
  const skip = nodes.find((n) => n.description?.hostname === notOn)?.id;
  const tasks = await client.listTasks({ services: [service] });
  return tasks.filter(
    (t) => t.task!.desiredState === 'running' && t.task!.status!.state === 'running' && t.task!.nodeId !== skip,
  ).length;
}

function stackOf(name: string, replicas: number) {
  const yaml =
    'services:\n  web:\n    image: busybox:latest\n    command: ["sleep", "3600"]\n' +
    `    deploy:\n      replicas: ${replicas}\n`;
  return loadStack(name, [{ path: `${name}.yml`, content: yaml }], {}).stack;
}

/** The cluster events the manager holds from `since` until now. */
function eventsSince(client: ShoalClient, since: number): Promise<ClusterEvent[]> {
  const events: ClusterEvent[] = [];
  return new Promise((resolve, reject) => {
    client.watchEvents(
      { since, until: Date.now(), filters: [] },
      { onMessage: (e) => events.push(e), onError: reject, onEnd: () => resolve(events) },
    );
  });
}

interface HealRun {
  seconds: number;
  trace: HealTrace;
}

async function measureHeal(client: ShoalClient): Promise<HealRun[]> {
  await client.deployStack({ stack: stackOf('heal', HEAL_REPLICAS), prune: true });
  await eventually('12 running', async () => (await running(client, 'heal_web')) === HEAL_REPLICAS, SETTLE_TIMEOUT_MS);
  const runs: HealRun[] = [];
  for (let i = 0; i < HEAL_RUNS; i++) {
    const killedAt = Date.now();
    await testbed.kill('host2');
    await eventually(
      '12 running off host2',
      async () => (await running(client, 'heal_web', 'host2')) === HEAL_REPLICAS,
      SETTLE_TIMEOUT_MS,
    );
    const seconds = (Date.now() - killedAt) / 1000;
    const lastSeen = Number((await client.getNode('host2')).lastSeen);
    const events = await eventsSince(client, killedAt);
    runs.push({ seconds, trace: traceHeal(events, { at: killedAt, hostname: 'host2', lastSeen }, 'heal_web') });
    await testbed.revive('host2');
    await eventually(
      'host2 back',
      async () => (await client.listNodes()).every((n) => n.status === 'ready'),
      SETTLE_TIMEOUT_MS,
    );
    // Spread the replicas again for the next run: scale down and up so host2 gets its share.
    await client.scaleServices({ entries: [{ service: 'heal_web', replicas: 0 }] });
    await eventually(
      '0 running',
      async () =>
        (await client.listTasks({ services: ['heal_web'] })).every((t) => t.task!.status!.state !== 'running'),
      SETTLE_TIMEOUT_MS,
    );
    await client.scaleServices({ entries: [{ service: 'heal_web', replicas: HEAL_REPLICAS }] });
    await eventually(
      '12 running',
      async () => (await running(client, 'heal_web')) === HEAL_REPLICAS,
      SETTLE_TIMEOUT_MS,
    );
  }
  await client.removeStack('heal');
  return runs;
}

/** The median run's heal, step by step: ms from the kill until the slowest replacement task got there. */
function healTraceMetrics(trace: HealTrace): BenchMetric[] {
  const steps: [string, number | undefined][] = [
    ['last heartbeat', trace.lastHeartbeat],
    ['marked down', trace.markedDown],
    ['replacements created', trace.replacementsCreated],
    ['placed (assigned)', trace.placed],
    ['agents began (assignment received)', trace.agentsBegan],
    ['containers created', trace.containersCreated],
    ['reported running', trace.running],
  ];
  return steps.map(([step, ms]) => ({
    name: `heal trace (median run, ${trace.tasks} tasks): kill -> ${step}`,
    value: ms ?? NaN,
    unit: ms === undefined ? 'ms (no event showed this step)' : 'ms',
  }));
}

/** A client of each testbed host's engine. */
const engines = () => testbed.hosts.map((h) => new Docker({ socketPath: `/run/shoal-testbed/${h.name}/docker.sock` }));

/**
 * Starts `perHost` containers on every host at once, straight through the engines' API, each on a
 * user-defined bridge network as Shoal's tasks are (made before the clock starts; Shoal's own
 * network set-up counts against it).
 */
async function startDirectly(perHost: number): Promise<number> {
  const hostEngines = engines();
  const networks = await Promise.all(
    hostEngines.map((engine) => engine.createNetwork({ Name: DIRECT_NETWORK, Driver: 'bridge' })),
  );
  const started = Date.now();
  const containers = await Promise.all(
    hostEngines.flatMap((engine) =>
      Array.from({ length: perHost }, async () => {
        const c = await engine.createContainer({
          Image: 'busybox:latest',
          Cmd: ['sleep', '3600'],
          Labels: { 'shoal.bench': 'direct' },
          HostConfig: { NetworkMode: DIRECT_NETWORK },
        });
        await c.start();
        return c;
      }),
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  await Promise.all(containers.map((c) => c.remove({ force: true })));
  await Promise.all(networks.map((n) => n.remove()));
  return seconds;
}

async function deployWithShoal(client: ShoalClient): Promise<number> {
  const started = Date.now();
  await client.deployStack({ stack: stackOf('deploy', DEPLOY_REPLICAS), prune: true });
  await eventually(
    `${DEPLOY_REPLICAS} running`,
    async () => (await running(client, 'deploy_web')) === DEPLOY_REPLICAS,
    SETTLE_TIMEOUT_MS,
  );
  const seconds = (Date.now() - started) / 1000;
  await client.removeStack('deploy');
  await eventually(
    'its containers gone from every engine',
    async () =>
      (
        await Promise.all(
          engines().map((e) => e.listContainers({ all: true, filters: { label: ['shoal.service=deploy_web'] } })),
        )
      ).every((cs) => cs.length === 0),
    SETTLE_TIMEOUT_MS,
  );
  return seconds;
}

async function measureDeploy(client: ShoalClient): Promise<{ shoal: number[]; direct: number[] }> {
  const rounds = { shoal: [] as number[], direct: [] as number[] };
  for (let i = 0; i < DEPLOY_ROUNDS; i++) {
    rounds.direct.push(await startDirectly(DEPLOY_REPLICAS / testbed.hosts.length));
    rounds.shoal.push(await deployWithShoal(client));
  }
  return rounds;
}

export async function benchTestbed(): Promise<BenchResult> {
  await testbed.up(3);
  const client = await connect(testbed.managerAddress);
  try {
    const deploy = await measureDeploy(client);
    const runs = await measureHeal(client);
    const heal = runs.map((r) => r.seconds);
    const medianRun = runs.find((r) => r.seconds === median(heal))!;
    return toBenchResult('testbed (3 hosts, real engines)', [
      {
        name: 'heal time, median of runs',
        value: Number(median(heal).toFixed(2)),
        unit: 's',
        target: { op: '<=', bound: TARGET_HEAL_S },
      },
      {
        name: 'heal time, each run',
        value: Number(Math.max(...heal).toFixed(2)),
        unit: `s (max; runs: ${heal.map((s) => s.toFixed(2)).join(', ')})`,
      },
      ...healTraceMetrics(medianRun.trace),
      {
        name: `deploy ${DEPLOY_REPLICAS} replicas with shoal, median`,
        value: Number(median(deploy.shoal).toFixed(2)),
        unit: `s (rounds: ${deploy.shoal.map((x) => x.toFixed(2)).join(', ')})`,
      },
      {
        name: `start ${DEPLOY_REPLICAS} containers directly, median`,
        value: Number(median(deploy.direct).toFixed(2)),
        unit: `s (rounds: ${deploy.direct.map((x) => x.toFixed(2)).join(', ')})`,
      },
      {
        name: 'deploy overhead',
        value: Number((median(deploy.shoal) / median(deploy.direct)).toFixed(2)),
        unit: 'x',
        target: { op: '<=', bound: TARGET_DEPLOY_OVERHEAD },
      },
    ]);
  } finally {
    client.close();
    await testbed.down();
  }
}
