// The agent end to end: a real manager on a real etcd, and the real agent running tasks as containers
// in a real Docker engine. The steps share one cluster and run in order, as a user's session would.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../agent/agent';
import { toNodeDescription } from '../../../agent/node-description';
import { DockerRuntime } from '../../../agent/runtime/docker-runtime';
import type { NodeDescription } from '../../../proto/types';
import type { TaskView__Output } from '../../../proto/generated/shoal/v1/TaskView';
import { startDockerEngine, type DockerEngineHandle } from '../docker-harness';
import { startEtcd, type EtcdHandle } from '../etcd-harness';
import { stackFromYaml, startManager, type ManagerHandle } from '../manager-harness';
import { eventually } from '../../../testkit/eventually';

/** Container starts and the manager's loops take well under a second each; this leaves room on a busy host. */
const CONVERGE_MS = 15_000;

const STACK = (appReplicas: number, badReplicas?: number) => `
services:
  app:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    deploy:
      replicas: ${appReplicas}
      restart_policy: { condition: any, delay: 0s }
${
  badReplicas === undefined
    ? ''
    : `  bad:
    image: shoal-test/does-not-exist:1
    deploy:
      replicas: ${badReplicas}
      restart_policy: { condition: any, delay: 1s }
`
}`;

const logger = pino({ level: process.env.SHOAL_TEST_LOG ?? 'silent' });
let etcd: EtcdHandle;
let engine: DockerEngineHandle;
let h: ManagerHandle;
let agent: Agent;
let description: NodeDescription;

function newAgent(): Agent {
  const runtime = new DockerRuntime(`unix://${engine.socket}`, logger);
  return new Agent({ manager: h.manager.address, description, runtime, logger, resyncIntervalMs: 1000 });
}

beforeAll(async () => {
  [etcd, engine] = await Promise.all([startEtcd(), startDockerEngine('e2e')]);
  h = await startManager(etcd.endpoints);
  const engineInfo = await new DockerRuntime(`unix://${engine.socket}`, logger).describeEngine();
  description = toNodeDescription(
    { hostname: 'engine-1', role: 'worker', labels: { zone: 'a' }, address: '127.0.0.1' },
    engineInfo,
  );
  agent = newAgent();
  agent.start();
  await eventually(
    'node ready',
    async () => (await h.client.listNodes()).some((n) => n.status === 'ready'),
    CONVERGE_MS,
  );
});
afterAll(async () => {
  await agent?.stop();
  await h?.stop();
  await Promise.all([engine?.stop(), etcd?.stop()]);
});

/** Running containers of a service in the engine: id → name. */
async function engineContainers(service: string, all = false): Promise<Map<string, string>> {
  const out = await engine.docker([
    'ps',
    ...(all ? ['-a'] : []),
    '--no-trunc',
    '--filter',
    `label=shoal.service=${service}`,
    '--format',
    '{{.ID}} {{.Names}}',
  ]);
  return new Map(out ? out.split('\n').map((l) => l.split(' ') as [string, string]) : []);
}

async function tasksOf(service: string): Promise<TaskView__Output[]> {
  return h.client.listTasks({ services: [service] });
}

async function runningTasks(service: string) {
  return (await tasksOf(service))
    .map((v) => v.task!)
    .filter((t) => t.desiredState === 'running' && t.status!.state === 'running');
}

describe('shoal-agent with a real manager and a real Docker engine', () => {
  it('registers the node with what the engine reports', async () => {
    const [node] = await h.client.listNodes();
    expect(node.description).toMatchObject({
      hostname: 'engine-1',
      labels: { zone: 'a' },
      platform: { os: 'linux' },
      engineVersion: description.engineVersion,
    });
    expect(node.description!.resources!.nanoCpus).toBeGreaterThan(0);
  });

  it('deploys 2 replicas: 2 containers run in the engine, named and labelled for their tasks', async () => {
    await h.client.deployStack({ stack: stackFromYaml('e2e', STACK(2)), prune: true });
    await eventually(
      '2 running tasks and 2 containers',
      async () => (await runningTasks('e2e_app')).length === 2 && (await engineContainers('e2e_app')).size === 2,
      CONVERGE_MS,
    );
    const tasks = await runningTasks('e2e_app');
    const containers = await engineContainers('e2e_app');
    for (const t of tasks) {
      expect(containers.get(t.status!.containerId)).toBe(`e2e_app.${t.slot}.${t.id}`);
      const labels = JSON.parse(
        await engine.docker(['inspect', '--format', '{{json .Config.Labels}}', t.status!.containerId]),
      );
      // The stack namespace label comes with the spec's container labels (the Compose converter
      // sets it, as Docker does).
      expect(labels).toEqual({
        'com.docker.stack.namespace': 'e2e',
        'shoal.task': t.id,
        'shoal.service': 'e2e_app',
        'shoal.stack': 'e2e',
        'shoal.node': t.nodeId,
        'shoal.slot': String(t.slot),
      });
    }
    expect(tasks.map((t) => t.slot).sort()).toEqual([1, 2]);
  });

  it('replaces a killed container with a new task in the same slot and a new container', async () => {
    const [victim] = await runningTasks('e2e_app');
    await engine.docker(['kill', victim.status!.containerId]);
    await eventually(
      'the killed task failed',
      async () =>
        (await tasksOf('e2e_app')).some((v) => v.task!.id === victim.id && v.task!.status!.state === 'failed'),
      CONVERGE_MS,
    );
    const failed = (await tasksOf('e2e_app')).find((v) => v.task!.id === victim.id)!.task!;
    expect(failed.status).toMatchObject({ exitCode: 137, err: 'task: non-zero exit (137)' });
    await eventually(
      'a replacement running in the same slot',
      async () => (await runningTasks('e2e_app')).some((t) => t.slot === victim.slot && t.id !== victim.id),
      CONVERGE_MS,
    );
    await eventually(
      '2 running containers, the killed one removed',
      async () => {
        const c = await engineContainers('e2e_app', true);
        return c.size === 2 && !c.has(victim.status!.containerId);
      },
      CONVERGE_MS,
    );
  });

  it('a restarted agent adopts the running containers: none restarted, none duplicated', async () => {
    const before = await engineContainers('e2e_app', true);
    const startedAt = await engine.docker(['inspect', '--format', '{{.State.StartedAt}}', ...before.keys()]);
    await agent.stop();
    // A container of no assigned task: the new worker removes it in its first tick with the complete set,
    // the tick that would restart or duplicate the running ones if it were to.
    const stray = () => engine.docker(['create', '--label', 'shoal.task=stray', 'busybox:latest', 'true']);
    const gone = async (id: string) =>
      (await engine.docker(['ps', '-aq', '--no-trunc', '--filter', `id=${id}`])) === '';
    const first = await stray();
    agent = newAgent();
    agent.start();
    await eventually('registered again', async () => agent.nodeId !== '', CONVERGE_MS);
    await eventually('the stray container removed', async () => gone(first), CONVERGE_MS);
    // That tick may still be acting; a second stray, which it did not list, is removed by a later tick.
    const second = await stray();
    await eventually('the second stray container removed', async () => gone(second), CONVERGE_MS);
    expect(await engineContainers('e2e_app', true)).toEqual(before);
    expect(await engine.docker(['inspect', '--format', '{{.State.StartedAt}}', ...before.keys()])).toBe(startedAt);
    const tasks = await runningTasks('e2e_app');
    expect(new Set(tasks.map((t) => t.status!.containerId))).toEqual(new Set(before.keys()));
  });

  it(
    "rejects the tasks of a service whose image does not exist, with the engine's error, " +
      'and keeps the other running',
    async () => {
      await h.client.deployStack({ stack: stackFromYaml('e2e', STACK(2, 1)), prune: true });
      await eventually(
        'a rejected task of bad',
        async () => (await tasksOf('e2e_bad')).some((v) => v.task!.status!.state === 'rejected'),
        CONVERGE_MS,
      );
      const rejected = (await tasksOf('e2e_bad')).find((v) => v.task!.status!.state === 'rejected')!.task!;
      expect(rejected.status!.err).toMatch(/^pulling image shoal-test\/does-not-exist:1: .*registry-1\.docker\.io/);
      expect((await engineContainers('e2e_bad', true)).size).toBe(0);
      expect((await runningTasks('e2e_app')).length).toBe(2);
    },
  );

  it('scales to 0: every container is stopped and removed', async () => {
    await h.client.deployStack({ stack: stackFromYaml('e2e', STACK(0, 0)), prune: true });
    await eventually(
      'no containers left',
      async () => (await engineContainers('e2e_app', true)).size === 0,
      CONVERGE_MS,
    );
    // The shut-down reports travel in the agent's next status batch: they may land just after the removal.
    await eventually(
      'every task reported shut down',
      async () => {
        const tasks = (await tasksOf('e2e_app')).map((v) => v.task!);
        return tasks.every((t) => t.status!.state !== 'running') && tasks.some((t) => t.status!.state === 'shutdown');
      },
      CONVERGE_MS,
    );
  });
});
