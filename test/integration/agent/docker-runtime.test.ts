// DockerRuntime against a real Docker engine in its own network namespace.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerEvent } from '../../../agent/runtime/container-runtime';
import { toCreateBody } from '../../../agent/runtime/container-spec';
import { DockerRuntime } from '../../../agent/runtime/docker-runtime';
import { isFinalRefusal, type StartStep } from '../../../agent/worker-plan';
import { FailedPreconditionError, InvalidArgumentError, UnavailableError } from '../../../proto/errors';
import { makeTask } from '../../fakes/builders';
import { startDockerEngine, type DockerEngineHandle } from '../docker-harness';
import { eventually } from '../../../testkit/eventually';

let engine: DockerEngineHandle;
let rt: DockerRuntime;

beforeAll(async () => {
  engine = await startDockerEngine('runtime');
  rt = new DockerRuntime(`unix://${engine.socket}`, pino({ level: 'silent' }));
});
afterAll(async () => {
  await engine?.stop();
});

/** The error a call rejects with; undefined if it succeeds. */
const errorOf = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

const busyboxTask = (
  id: string,
  command: string[],
  o: { slot?: number; stopGracePeriodMs?: number; image?: string; env?: string[] } = {},
) =>
  makeTask({
    id,
    serviceName: 'rt_app',
    slot: o.slot ?? 1,
    nodeId: 'n1',
    spec: {
      stack: 'rt',
      container: {
        image: o.image ?? 'busybox:latest',
        command,
        labels: { team: 'blue' },
        env: o.env ?? ['GREETING=hi'],
        stopGracePeriodMs: o.stopGracePeriodMs ?? 1000,
      },
      resources: { limits: { nanoCpus: 500_000_000, memoryBytes: 64 * 2 ** 20 } },
    },
  });

describe('DockerRuntime', () => {
  it('describes the engine', async () => {
    const d = await rt.describeEngine();
    expect(d.os).toBe('linux');
    expect(d.engineVersion).toBe(await engine.docker(['version', '--format', '{{.Server.Version}}']));
    expect(d.nanoCpus).toBe(Number(await engine.docker(['info', '--format', '{{.NCPU}}'])) * 1e9);
    expect(d.memoryBytes).toBeGreaterThan(0);
  });

  it('creates, starts, lists, stops and removes a container with its labels and limits', async () => {
    const task = busyboxTask('rt1', ['sleep', '600']);
    const id = await rt.create(toCreateBody(task));
    await rt.start(id);
    const inspect = JSON.parse(await engine.docker(['inspect', id]))[0];
    expect(inspect.Name).toBe('/rt_app.1.rt1');
    expect(inspect.State.Running).toBe(true);
    expect(inspect.Config.Labels).toEqual({
      team: 'blue',
      'shoal.task': 'rt1',
      'shoal.service': 'rt_app',
      'shoal.stack': 'rt',
      'shoal.node': 'n1',
      'shoal.slot': '1',
    });
    expect(inspect.Config.Env).toContain('GREETING=hi');
    expect(inspect.Config.StopTimeout).toBe(1);
    expect(inspect.HostConfig.NanoCpus).toBe(500_000_000);
    expect(inspect.HostConfig.Memory).toBe(64 * 2 ** 20);
    expect(inspect.HostConfig.RestartPolicy.Name).toBe('no');

    expect(await rt.list()).toContainEqual({
      id,
      name: 'rt_app.1.rt1',
      taskId: 'rt1',
      state: 'running',
      health: 'none',
      exitCode: 0,
      oomKilled: false,
      networks: [{ name: 'bridge', ip: expect.any(String) }],
    });
    await rt.stop(id);
    // busybox sleep as PID 1 ignores SIGTERM: the engine kills it after the 1 s stop timeout.
    expect((await rt.list()).find((c) => c.id === id)).toMatchObject({ state: 'exited', exitCode: 137 });
    await rt.stop(id); // already stopped: fine
    await rt.remove(id);
    await rt.remove(id); // already gone: fine
    expect((await rt.list()).find((c) => c.id === id)).toBeUndefined();
    expect(await engine.docker(['ps', '-aq', '--filter', `id=${id}`])).toBe('');
  });

  it('a second create of the same task is refused (the name is unique), as a transient conflict', async () => {
    const task = busyboxTask('rt2', ['true'], { slot: 2 });
    const id = await rt.create(toCreateBody(task));
    await expect(rt.create(toCreateBody(task))).rejects.toMatchObject({
      transient: true,
      message: expect.stringContaining('is already in use'),
    });
    await rt.remove(id);
  });

  it('follows the event stream: a die with its exit code', async () => {
    const events: ContainerEvent[] = [];
    const stop = rt.events((e) => events.push(e));
    try {
      // The stream is attached once it delivers: a probe container is created and removed until its events come.
      const probe = toCreateBody(busyboxTask('rt3probe', ['true'], { slot: 30 }));
      await eventually('the event stream attached', async () => {
        await rt.remove(await rt.create(probe));
        return events.some((e) => e.taskId === 'rt3probe');
      });
      const id = await rt.create(toCreateBody(busyboxTask('rt3', ['sh', '-c', 'exit 7'], { slot: 3 })));
      await rt.start(id);
      await eventually('die event', async () => events.some((e) => e.action === 'die' && e.containerId === id));
      expect(events.find((e) => e.action === 'die' && e.containerId === id)).toEqual({
        action: 'die',
        containerId: id,
        taskId: 'rt3',
        exitCode: 7,
      });
      expect(
        events
          .filter((e) => e.containerId === id)
          .map((e) => e.action)
          .slice(0, 2),
      ).toEqual(['create', 'start']);
      expect((await rt.list()).find((c) => c.id === id)).toMatchObject({
        state: 'exited',
        exitCode: 7,
        oomKilled: false,
      });
      await rt.remove(id);
    } finally {
      stop();
    }
  });

  it("says whether an image exists, and fails to pull a missing one with the engine's error", async () => {
    expect(await rt.imageExists('busybox:latest')).toBe(true);
    expect(await rt.imageExists('shoal-test/none:1')).toBe(false);
    const err = await rt.pullImage('shoal-test/none:1').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FailedPreconditionError);
    // The engine answers 500 (no registry reachable from here): final for a pull, so the task is rejected.
    expect(isFinalRefusal('pull', err)).toBe(true);
    const viaCli = await engine.docker(['pull', 'shoal-test/none:1']).then(
      () => '',
      (e: { stderr: string }) => e.stderr.trim(),
    );
    // Word for word what the docker CLI prints after its "Error response from daemon: " prefix.
    expect(viaCli).toBe(`Error response from daemon: ${(err as Error).message}`);
  });

  it.each([
    ['a NUL byte', 'busybox:la\0test'],
    ['a NUL byte in the repository', 'busy\0box'],
    ['an upper-case repository', 'Busybox:latest'],
  ])('refuses an image reference with %s at every start step, as final', async (_what, ref) => {
    const errors: [StartStep, unknown][] = [
      ['check-image', await errorOf(rt.imageExists(ref))],
      ['pull', await errorOf(rt.pullImage(ref))],
      ['create', await errorOf(rt.create(toCreateBody(busyboxTask('rt4', ['true'], { slot: 4, image: ref }))))],
    ];
    for (const [step, err] of errors) {
      expect(err, step).toBeInstanceOf(InvalidArgumentError);
      // The engine's words: the pull names the tag when it is the tag that is wrong.
      expect((err as Error).message, step).toMatch(/invalid (reference|tag) format/);
      expect(isFinalRefusal(step, err), step).toBe(true);
    }
  });

  it('refuses a create body the engine can never accept, as final', async () => {
    const err = await errorOf(rt.create(toCreateBody(busyboxTask('rt5', ['true'], { slot: 5, env: ['=novalue'] }))));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toBe('invalid environment variable: =novalue');
    expect(isFinalRefusal('create', err)).toBe(true);
    expect(await engine.docker(['ps', '-aq', '--filter', 'label=shoal.task=rt5'])).toBe('');
  });

  it('an engine that cannot be reached is not final: the task waits and retries', async () => {
    const gone = new DockerRuntime('unix:///nonexistent/docker.sock', pino({ level: 'silent' }));
    const err = await errorOf(gone.imageExists('busybox:latest'));
    expect(err).toBeInstanceOf(UnavailableError);
    expect(isFinalRefusal('check-image', err)).toBe(false);
  });
});
