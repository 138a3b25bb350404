// Logs from a real Docker engine: DockerRuntime.logs on busybox containers, then `service logs`
// end to end through a real manager (real etcd) and the real agent's log channel.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../agent/agent';
import { ExecCommandRunner } from '../../../agent/network/ip';
import { toNodeDescription } from '../../../agent/node-description';
import type { ContainerLogLine, LogOptions } from '../../../agent/runtime/container-runtime';
import { toCreateBody } from '../../../agent/runtime/container-spec';
import { DockerRuntime } from '../../../agent/runtime/docker-runtime';
import { NotFoundError } from '../../../proto/errors';
import type { ServiceLogsMessage__Output } from '../../../proto/generated/shoal/v1/ServiceLogsMessage';
import { makeTask } from '../../fakes/builders';
import { talkerStackYaml } from '../../fixtures/stacks';
import { eventually } from '../../../testkit/eventually';
import { startDockerEngine, type DockerEngineHandle } from '../docker-harness';
import { startEtcd, type EtcdHandle } from '../etcd-harness';
import { stackFromYaml, startManager, type ManagerHandle } from '../manager-harness';

/** Container starts and the manager's loops take well under a second each; this leaves room on a busy host. */
const CONVERGE_MS = 20_000;
const ALL: LogOptions = { follow: false, tail: -1, since: 0 };

const logger = pino({ level: process.env.SHOAL_TEST_LOG ?? 'silent' });
let engine: DockerEngineHandle;
let rt: DockerRuntime;
let slot = 0;

beforeAll(async () => {
  engine = await startDockerEngine('logs');
  rt = new DockerRuntime(`unix://${engine.socket}`, logger);
});
afterAll(async () => {
  await engine?.stop();
});

/** Starts a busybox container running `script` with sh; returns its id. */
async function run(script: string): Promise<string> {
  slot += 1;
  const id = await rt.create(
    toCreateBody(
      makeTask({
        id: `lg${slot}`,
        serviceName: 'lg_app',
        slot,
        nodeId: 'n1',
        spec: { container: { image: 'busybox:latest', command: ['sh', '-c', script], stopGracePeriodMs: 1000 } },
      }),
    ),
  );
  await rt.start(id);
  return id;
}

async function exited(id: string): Promise<void> {
  await eventually('the container exited', async () => (await rt.list()).find((c) => c.id === id)?.state === 'exited');
}

/** Reads a log to its end. */
function readAll(id: string, opts: LogOptions = ALL): Promise<ContainerLogLine[]> {
  return new Promise((resolve, reject) => {
    const lines: ContainerLogLine[] = [];
    rt.logs(
      id,
      opts,
      (l) => lines.push(l),
      (err) => (err ? reject(err) : resolve(lines)),
    );
  });
}

describe('DockerRuntime.logs', () => {
  it('reads stdout and stderr apart, line by line, with the time the engine received each', async () => {
    const before = Date.now() - 1000;
    const id = await run('echo out1; echo err1 >&2; echo "out 2"; printf last');
    await exited(id);
    const lines = await readAll(id);
    expect(lines.map((l) => `${l.stream} ${l.text}`).sort()).toEqual([
      'stderr err1',
      'stdout last',
      'stdout out 2',
      'stdout out1',
    ]);
    for (const l of lines) expect(l.time).toBeGreaterThan(before);
    expect((await readAll(id, { ...ALL, tail: 1 })).map((l) => l.text)).toEqual(['last']);
  });

  it(
    'gives a line longer than the engine keeps in one message (16 KiB) back whole, ' + 'with its first timestamp',
    async () => {
      const id = await run('i=0; while [ $i -lt 4000 ]; do printf 0123456789; i=$((i+1)); done; echo; echo after');
      await exited(id);
      const lines = await readAll(id);
      expect(lines.map((l) => l.text)).toEqual(['0123456789'.repeat(4000), 'after']);
      expect(lines[0]!.time).toBeGreaterThan(0);
    },
  );

  it('reads only the lines since a time', async () => {
    const id = await run('echo early; sleep 1; echo late');
    await exited(id);
    const [early] = await readAll(id);
    expect((await readAll(id, { ...ALL, since: early!.time + 500 })).map((l) => l.text)).toEqual(['late']);
  });

  it('follows a running container until told to stop, then reports nothing more', async () => {
    const id = await run('i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.1; done');
    const lines: string[] = [];
    let ended = false;
    const stop = rt.logs(
      id,
      { ...ALL, follow: true },
      (l) => lines.push(l.text),
      () => (ended = true),
    );
    await eventually('three ticks', async () => lines.length >= 3);
    expect(lines.slice(0, 3)).toEqual(['tick 0', 'tick 1', 'tick 2']);
    stop();
    const count = lines.length;
    // A second read, of new lines only, gets three more (0.2 s of output and more): a read still on
    // would have had them too.
    const later: string[] = [];
    const stopLater = rt.logs(
      id,
      { follow: true, tail: 0, since: 0 },
      (l) => later.push(l.text),
      () => undefined,
    );
    await eventually('three more ticks', async () => later.length >= 3);
    stopLater();
    expect(lines.length).toBe(count);
    expect(ended).toBe(false);
    await rt.remove(id);
  });

  it('ends a follow when the container stops', async () => {
    const id = await run('echo bye; sleep 0.5');
    let ended: Error | undefined | 'no' = 'no';
    rt.logs(
      id,
      { ...ALL, follow: true },
      () => undefined,
      (err) => (ended = err),
    );
    await eventually('the read ended', async () => ended !== 'no');
    expect(ended).toBeUndefined();
  });

  it('ends with NotFoundError for a container that does not exist', async () => {
    await expect(readAll('does-not-exist')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('service logs through a real agent', () => {
  let etcd: EtcdHandle;
  let h: ManagerHandle;
  let agent: Agent;

  beforeAll(async () => {
    etcd = await startEtcd();
    h = await startManager(etcd.endpoints);
    const description = toNodeDescription(
      { hostname: 'engine-1', role: 'worker', labels: {}, address: '127.0.0.1' },
      await rt.describeEngine(),
    );
    const runner = new ExecCommandRunner({ prefix: ['nsenter', `--net=/run/netns/${engine.netns}`] });
    agent = new Agent({ manager: h.manager.address, description, runtime: rt, logger, resyncIntervalMs: 1000, runner });
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
    await etcd?.stop();
  });

  it('shows the lines of every task, tagged with task and node, and follows new ones until cancelled', async () => {
    const yaml = talkerStackYaml({ service: 'echo', replicas: 2, everyS: 0.2 });
    await h.client.deployStack({ stack: stackFromYaml('lg', yaml), prune: true });
    const running = async () =>
      (await h.client.listTasks({ services: ['lg_echo'] })).filter((v) => v.task!.status!.state === 'running');
    await eventually('2 running tasks', async () => (await running()).length === 2, CONVERGE_MS);
    const tasks = await running();

    const messages: ServiceLogsMessage__Output[] = [];
    await new Promise<void>((resolve, reject) =>
      h.client.serviceLogs(
        { service: 'echo', follow: false, tail: -1, since: 0 },
        { onMessage: (m) => messages.push(m), onEnd: resolve, onError: reject },
      ),
    );
    const lines = messages.flatMap((m) => m.lines);
    expect(messages.map((m) => m.notice).filter(Boolean)).toEqual([]);
    expect(new Set(lines.map((l) => l.taskId))).toEqual(new Set(tasks.map((v) => v.task!.id)));
    for (const l of lines) {
      expect(l).toMatchObject({ service: 'lg_echo', node: 'engine-1', line: { stream: 'stdout' } });
      expect(l.line!.text).toMatch(/^line \d+ from [0-9a-f]{12}$/);
    }

    const followed: string[] = [];
    const stream = h.client.serviceLogs(
      { service: 'echo', follow: true, tail: 0, since: 0 },
      {
        onMessage: (m) => followed.push(...m.lines.map((l) => l.line!.text)),
        onEnd: () => undefined,
        onError: () => undefined,
      },
    );
    await eventually(
      'new lines from both tasks',
      async () => new Set(followed.map((t) => t.split(' from ')[1])).size === 2,
      CONVERGE_MS,
    );
    stream.cancel();
  });
});
