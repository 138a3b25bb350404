// Rolling updates and rollback end to end, on a real etcd, with simulated agents over real gRPC.
import { describe, expect, it } from 'vitest';
import type { Terminal } from '../../../cli/commands/app';
import { UpdateFailedError, waitConverged } from '../../../cli/commands/wait-converged';
import { FailedPreconditionError, InvalidArgumentError } from '../../../proto/errors';
import type { TaskView__Output } from '../../../proto/generated/shoal/v1/TaskView';
import { managerPerTest, stackFromYaml, type ManagerHandle } from '../manager-harness';
import { eventually } from '../../../testkit/eventually';

/** A stack with one service "app" of `replicas` tasks of `image`; short monitors so that updates finish quickly. */
const STACK = (image: string, replicas: number, update = 'parallelism: 2') => `
services:
  app:
    image: ${image}
    deploy:
      replicas: ${replicas}
      update_config: { ${update}, monitor: 100ms }
      rollback_config: { parallelism: 0, monitor: 100ms }
`;

const managers = managerPerTest();
let h: ManagerHandle | undefined;

const isLive = (t: TaskView__Output) => t.task!.desiredState === 'running';
const isRunning = (t: TaskView__Output) => isLive(t) && t.task!.status!.state === 'running';

async function tasksOf(service: string): Promise<TaskView__Output[]> {
  return h!.client.listTasks({ services: [service] });
}

async function updateState(service: string): Promise<string> {
  return (await h!.client.getService(service)).service?.updateStatus?.state ?? '';
}

/** A manager with `agents` simulated nodes, all ready. */
async function cluster(agents: number, failImages: string[] = []): Promise<ManagerHandle> {
  h = await managers.start();
  for (let i = 1; i <= agents; i++) h.addAgent({ hostname: `n${i}`, failImages });
  await eventually(
    `${agents} nodes ready`,
    async () => (await h!.client.listNodes()).filter((n) => n.status === 'ready').length === agents,
  );
  return h;
}

async function deploy(name: string, yaml: string, running: number): Promise<void> {
  await h!.client.deployStack({ stack: stackFromYaml(name, yaml), prune: true });
  await eventually(
    `${running} running`,
    async () => (await tasksOf(`${name}_app`)).filter(isRunning).length === running,
  );
}

const quiet: Terminal = { isTTY: false, columns: 0, write: () => undefined };

describe('rolling update', () => {
  it('replaces a changed spec in batches of parallelism, never stopping more than a batch at once', async () => {
    await cluster(3);
    await deploy('roll', STACK('busybox:1', 6), 6);

    const res = await h!.client.deployStack({ stack: stackFromYaml('roll', STACK('busybox:2', 6)), prune: true });
    expect(res.changes).toEqual([{ service: 'roll_app', change: 'updated' }]);
    let fewest = 6;
    await eventually('update completed', async () => {
      fewest = Math.min(fewest, (await tasksOf('roll_app')).filter(isRunning).length);
      return (await updateState('roll_app')) === 'completed';
    });

    const view = await h!.client.getService('roll_app');
    const live = (await tasksOf('roll_app')).filter(isLive);
    expect(live.map((t) => [t.task!.specVersion, t.task!.spec!.container!.image])).toEqual(
      Array(6).fill([view.service!.specVersion, 'busybox:2']),
    );
    // Each batch is created in one pass, so the new tasks come in groups of 2 sharing a creation time.
    const batches = new Map<number, number>();
    for (const t of live) batches.set(t.task!.meta!.createdAt, (batches.get(t.task!.meta!.createdAt) ?? 0) + 1);
    expect([...batches.values()]).toEqual([2, 2, 2]);
    expect(fewest).toBeGreaterThanOrEqual(4);
    expect(view.service!.updateStatus).toMatchObject({ state: 'completed', message: 'update completed' });
    expect(view.service!.previousSpec!.container!.image).toBe('busybox:1');
  });

  it('rolls back by itself when the new tasks fail, and the CLI wait fails naming the service and why', async () => {
    await cluster(2, ['busybox:broken']);
    await deploy('bad', STACK('busybox:1', 3, 'parallelism: 1'), 3);

    const res = await h!.client.deployStack({
      stack: stackFromYaml('bad', STACK('busybox:broken', 3, 'parallelism: 1')),
      prune: true,
    });
    expect(res.changes).toEqual([{ service: 'bad_app', change: 'updated' }]);
    const wait = waitConverged(quiet, h!.client, ['bad_app'], {
      timeoutMs: 20_000,
      timeoutText: '20s',
      changes: new Map([['bad_app', 'update' as const]]),
    });
    await expect(wait).rejects.toThrow(UpdateFailedError);
    await expect(wait).rejects.toThrow(
      /^bad_app: update rolled back: task bad_app\.1 failed: task: non-zero exit \(1\)$/,
    );

    const view = await h!.client.getService('bad_app');
    expect(view.service!.updateStatus!.state).toBe('rollback_completed');
    expect(view.service!.spec!.container!.image).toBe('busybox:1');
    const live = (await tasksOf('bad_app')).filter(isLive);
    expect(live.filter(isRunning).map((t) => t.task!.spec!.container!.image)).toEqual([
      'busybox:1',
      'busybox:1',
      'busybox:1',
    ]);
    // Only the first batch was tried.
    expect((await tasksOf('bad_app')).filter((t) => t.task!.spec!.container!.image === 'busybox:broken')).toHaveLength(
      1,
    );
  });

  it(
    'service update --force replaces every task with nothing else changed (start-first: ' +
      'never more than a batch extra)',
    async () => {
      await cluster(2);
      await deploy('force', STACK('busybox:1', 3, 'parallelism: 1, order: start-first'), 3);
      const before = new Set((await tasksOf('force_app')).filter(isLive).map((t) => t.task!.id));

      expect(await h!.client.updateService({ service: 'app', force: true })).toEqual({
        service: 'force_app',
        change: 'updated',
      });
      let most = 3;
      await eventually('update completed', async () => {
        most = Math.max(most, (await tasksOf('force_app')).filter(isLive).length);
        return (await updateState('force_app')) === 'completed';
      });
      const live = (await tasksOf('force_app')).filter(isLive);
      expect(live).toHaveLength(3);
      for (const t of live) expect(before.has(t.task!.id)).toBe(false);
      expect(most).toBeLessThanOrEqual(4);
      const spec = (await h!.client.getService('force_app')).service!.spec!;
      expect([spec.forceUpdate, spec.container!.image]).toEqual([1, 'busybox:1']);
    },
  );

  it('service update rolls out a new image; service rollback restores the previous spec', async () => {
    await cluster(2);
    await deploy('back', STACK('busybox:1', 2), 2);

    expect(await h!.client.updateService({ service: 'back_app', image: 'busybox:2', envAdd: ['MODE=new'] })).toEqual({
      service: 'back_app',
      change: 'updated',
    });
    await eventually('update completed', async () => (await updateState('back_app')) === 'completed');
    const images = async () => (await tasksOf('back_app')).filter(isRunning).map((t) => t.task!.spec!.container!.image);
    expect(await images()).toEqual(['busybox:2', 'busybox:2']);

    expect(await h!.client.updateService({ service: 'back_app', rollback: true })).toEqual({
      service: 'back_app',
      change: 'rolled_back',
    });
    await waitConverged(quiet, h!.client, ['back_app'], {
      timeoutMs: 20_000,
      timeoutText: '20s',
      changes: new Map([['back_app', 'rollback' as const]]),
    });
    const view = await h!.client.getService('back_app');
    expect(view.service!.updateStatus).toMatchObject({
      state: 'rollback_completed',
      message: 'manually requested rollback',
    });
    expect(view.service!.spec!.container).toMatchObject({ image: 'busybox:1', env: [] });
    expect(await images()).toEqual(['busybox:1', 'busybox:1']);
  });

  it('refuses bad requests with clear errors and writes nothing', async () => {
    await cluster(1);
    await deploy('err', STACK('busybox:1', 1), 1);
    const version = (await h!.client.getService('err_app')).service!.meta!.version;

    await expect(h!.client.updateService({ service: 'nope', image: 'x' })).rejects.toThrow('service "nope" not found');
    await expect(h!.client.updateService({ service: 'err_app', rollback: true })).rejects.toThrow(
      FailedPreconditionError,
    );
    await expect(h!.client.updateService({ service: 'err_app', rollback: true })).rejects.toThrow(
      'service err_app has no previous spec to roll back to',
    );
    await expect(h!.client.updateService({ service: 'err_app', envAdd: ['NOEQUALS'] })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(h!.client.updateService({ service: 'err_app' })).rejects.toThrow('nothing to update');
    expect((await h!.client.getService('err_app')).service!.meta!.version).toBe(version);
  });

  it('resumes an update after a manager restart', async () => {
    await cluster(2);
    await deploy('resume', STACK('busybox:1', 3, 'parallelism: 1, delay: 1s'), 3);

    await h!.client.deployStack({
      stack: stackFromYaml('resume', STACK('busybox:2', 3, 'parallelism: 1, delay: 1s')),
      prune: true,
    });
    await eventually('first batch running', async () =>
      (await tasksOf('resume_app')).some((t) => isRunning(t) && t.task!.spec!.container!.image === 'busybox:2'),
    );
    await h!.restart();
    await eventually(
      'update completed after the restart',
      async () => (await updateState('resume_app')) === 'completed',
      20_000,
    );
    const live = (await tasksOf('resume_app')).filter(isLive);
    expect(live.map((t) => t.task!.spec!.container!.image)).toEqual(['busybox:2', 'busybox:2', 'busybox:2']);
  });
});
