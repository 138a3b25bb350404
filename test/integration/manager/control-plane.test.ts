// The control plane end to end, on a real etcd, with simulated agents over real gRPC.
import { describe, expect, it } from 'vitest';
import { InvalidSpecError } from '../../../proto/errors';
import type { TaskView__Output } from '../../../proto/generated/shoal/v1/TaskView';
import { httpdStackYaml } from '../../fixtures/stacks';
import { managerPerTest, stackFromYaml, type ManagerHandle } from '../manager-harness';
import { eventually } from '../../../testkit/eventually';

const managers = managerPerTest();
let h: ManagerHandle | undefined;

const live = (tasks: TaskView__Output[]) => tasks.filter((t) => t.task!.desiredState === 'running');
const running = (tasks: TaskView__Output[]) => live(tasks).filter((t) => t.task!.status!.state === 'running');

async function runningCount(handle: ManagerHandle, service: string): Promise<number> {
  return running(await handle.client.listTasks({ services: [service] })).length;
}

describe('control plane', () => {
  it('deploys a stack, places every replica on the simulated agents, and spreads them', async () => {
    h = await managers.start();
    const agents = ['n1', 'n2', 'n3'].map((hostname) => h!.addAgent({ hostname }));
    await eventually(
      '3 nodes ready',
      async () => (await h!.client.listNodes()).filter((n) => n.status === 'ready').length === 3,
    );

    const res = await h.client.deployStack({ stack: stackFromYaml('web', httpdStackYaml(6)), prune: true });
    expect(res.changes).toEqual([{ service: 'web_app', change: 'created' }]);
    await eventually('6 running', async () => (await runningCount(h!, 'web_app')) === 6);

    const tasks = live(await h.client.listTasks({ services: ['app'] }));
    expect(tasks.map((t) => t.task!.slot).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(agents.map((a) => a.running.size)).toEqual([2, 2, 2]);
    const view = await h.client.getService('app');
    expect(view.replicas).toEqual({ desired: 6, running: 6 });
  });

  it(
    'changes nothing on an unchanged redeploy, ' + 'and scales without touching tasks when only replicas change',
    async () => {
      h = await managers.start();
      h.addAgent({ hostname: 'n1' });
      h.addAgent({ hostname: 'n2' });
      await h.client.deployStack({ stack: stackFromYaml('web', httpdStackYaml(2)), prune: true });
      await eventually('2 running', async () => (await runningCount(h!, 'web_app')) === 2);
      const before = await h.client.listTasks({ services: ['web_app'] });

      const again = await h.client.deployStack({ stack: stackFromYaml('web', httpdStackYaml(2)), prune: true });
      expect(again.changes).toEqual([{ service: 'web_app', change: 'unchanged' }]);
      const same = await h.client.listTasks({ services: ['web_app'] });
      expect(same.map((t) => [t.task!.id, t.task!.meta!.version])).toEqual(
        before.map((t) => [t.task!.id, t.task!.meta!.version]),
      );

      const scaled = await h.client.deployStack({ stack: stackFromYaml('web', httpdStackYaml(4)), prune: true });
      expect(scaled.changes).toEqual([{ service: 'web_app', change: 'scaled' }]);
      await eventually('4 running', async () => (await runningCount(h!, 'web_app')) === 4);
      const after = live(await h.client.listTasks({ services: ['web_app'] }));
      for (const t of before) expect(after.map((a) => a.task!.id)).toContain(t.task!.id);
    },
  );

  it('scales up and down with service scale, removing the highest slots first', async () => {
    h = await managers.start();
    h.addAgent({ hostname: 'n1' });
    await h.client.deployStack({ stack: stackFromYaml('web', httpdStackYaml(5)), prune: true });
    await eventually('5 running', async () => (await runningCount(h!, 'web_app')) === 5);
    const initial = live(await h.client.listTasks({ services: ['web_app'] }));

    await h.client.scaleServices({ entries: [{ service: 'app', replicas: 2 }] });
    await eventually(
      '2 live tasks',
      async () => live(await h!.client.listTasks({ services: ['web_app'] })).length === 2,
    );
    const kept = live(await h.client.listTasks({ services: ['web_app'] }));
    expect(kept.map((t) => t.task!.slot).sort()).toEqual([1, 2]);
    expect(kept.map((t) => t.task!.id).sort()).toEqual(
      initial
        .filter((t) => t.task!.slot <= 2)
        .map((t) => t.task!.id)
        .sort(),
    );

    await h.client.scaleServices({ entries: [{ service: 'web_app', replicas: 0 }] });
    await eventually('0 live', async () => live(await h!.client.listTasks({ services: ['web_app'] })).length === 0);
    await h.client.scaleServices({ entries: [{ service: 'web_app', replicas: 3 }] });
    await eventually('3 running', async () => (await runningCount(h!, 'web_app')) === 3);
  });

  it('prunes services removed from the file and removes a whole stack', async () => {
    h = await managers.start();
    h.addAgent({ hostname: 'n1' });
    const two = `${httpdStackYaml(1)}  db:\n    image: busybox:latest\n`;
    await h.client.deployStack({ stack: stackFromYaml('shop', two), prune: true });
    expect((await h.client.listServices({ filter: { stack: 'shop' } })).map((s) => s.service!.spec!.name)).toEqual([
      'shop_app',
      'shop_db',
    ]);

    const res = await h.client.deployStack({ stack: stackFromYaml('shop', httpdStackYaml(1)), prune: true });
    expect(res.changes).toEqual([
      { service: 'shop_app', change: 'unchanged' },
      { service: 'shop_db', change: 'removed' },
    ]);
    await eventually('db tasks gone', async () =>
      (await h!.client.listTasks({ stack: 'shop' })).every((t) => t.task!.serviceName !== 'shop_db'),
    );

    await h.client.removeStack('shop');
    expect(await h.client.listStacks()).toEqual([]);
    await eventually('no tasks left', async () => (await h!.client.listTasks({})).length === 0);
  });

  it('rejects an invalid stack and writes nothing', async () => {
    h = await managers.start();
    await h.client.deployStack({ stack: stackFromYaml('ok', httpdStackYaml(1)), prune: true });
    const spec = stackFromYaml('ok', httpdStackYaml(3));
    spec.services[0].mode = 'sideways';
    spec.services[0].placement.constraints = ['node.role ~ manager'];
    const err = await h.client.deployStack({ stack: spec, prune: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidSpecError);
    const paths = (err as InvalidSpecError).issues.map((i) => i.path);
    expect(paths).toContain('services[0].deploy.mode');
    expect(paths).toContain('services[0].deploy.placement.constraints[0]');
    const svc = await h.client.getService('ok_app');
    expect(svc.service!.spec!.replicas).toBe(1);
    expect(svc.service!.spec!.mode).toBe('replicated');
  });

  it('runs a global service once on every eligible node, following nodes that join and constraints', async () => {
    h = await managers.start();
    h.addAgent({ hostname: 'm1', role: 'manager' });
    h.addAgent({ hostname: 'w1' });
    await eventually('2 nodes', async () => (await h!.client.listNodes()).length === 2);
    const yaml =
      'services:\n  mon:\n    image: busybox:latest\n    deploy:\n      mode: global\n' +
      '  edge:\n    image: busybox:latest\n    deploy:\n      mode: global\n' +
      '      placement:\n        constraints: ["node.role == worker"]\n';
    await h.client.deployStack({ stack: stackFromYaml('g', yaml), prune: true });
    await eventually('mon on both nodes', async () => (await runningCount(h!, 'g_mon')) === 2);
    await eventually('edge on the worker only', async () => (await runningCount(h!, 'g_edge')) === 1);
    const hosts = (await h.client.listTasks({ services: ['g_mon'] }))
      .filter((t) => t.task!.desiredState === 'running')
      .map((t) => t.nodeHostname)
      .sort();
    expect(hosts).toEqual(['m1', 'w1']);
    h.addAgent({ hostname: 'w2' });
    await eventually('mon follows the new node', async () => (await runningCount(h!, 'g_mon')) === 3);
    await eventually('edge too', async () => (await runningCount(h!, 'g_edge')) === 2);
    expect((await h.client.getService('g_mon')).replicas).toEqual({ desired: 3, running: 3 });
  });

  it(
    'moves tasks off a drained node, places nothing new on a paused one, ' + 'and takes labels in constraints',
    async () => {
      h = await managers.start();
      const [a, b] = [h.addAgent({ hostname: 'a' }), h.addAgent({ hostname: 'b' })];
      await eventually(
        '2 nodes',
        async () => (await h!.client.listNodes()).filter((n) => n.status === 'ready').length === 2,
      );
      await h.client.deployStack({ stack: stackFromYaml('d', httpdStackYaml(4)), prune: true });
      await eventually('4 running', async () => (await runningCount(h!, 'd_app')) === 4);
      expect([a.running.size, b.running.size]).toEqual([2, 2]);

      await h.client.updateNode({ name: 'a', availability: 'drain', labelAdd: [], labelRm: [] });
      await eventually(
        'all 4 on b',
        async () => (await runningCount(h!, 'd_app')) === 4 && b.running.size === 4 && a.running.size === 0,
      );

      await h.client.updateNode({ name: 'a', availability: 'pause', labelAdd: ['zone=red'], labelRm: [] });
      await h.client.scaleServices({ entries: [{ service: 'd_app', replicas: 5 }] });
      await eventually(
        '5 running, none on the paused node',
        async () => (await runningCount(h!, 'd_app')) === 5 && a.running.size === 0,
      );

      await h.client.updateNode({ name: 'a', availability: 'active', labelAdd: [], labelRm: [] });
      const pinned = httpdStackYaml(1, '      placement:\n        constraints: ["node.labels.zone == red"]\n');
      await h.client.deployStack({ stack: stackFromYaml('red', pinned), prune: true });
      await eventually(
        'pinned on a',
        async () =>
          (await runningCount(h!, 'red_app')) === 1 && [...a.running.values()].some((t) => t.serviceName === 'red_app'),
      );
    },
  );

  it('writes a stack larger than one etcd transaction all at once (split commit through the journal)', async () => {
    h = await managers.start();
    const count = 150; // more ops than etcd's default --max-txn-ops of 128
    const yaml = [
      'services:',
      ...Array.from({ length: count }, (_, i) => `  s${i}:\n    image: busybox:latest\n    deploy:\n      replicas: 0`),
    ].join('\n');
    const res = await h.client.deployStack({ stack: stackFromYaml('big', yaml), prune: true });
    expect(res.changes.filter((c) => c.change === 'created')).toHaveLength(count);
    expect(await h.client.listServices({ filter: { stack: 'big' } })).toHaveLength(count);

    const renamed = stackFromYaml('big', yaml.replace(/image: busybox:latest/g, 'image: busybox:2'));
    renamed.services[count - 1].mode = 'bogus';
    await expect(h.client.deployStack({ stack: renamed, prune: true })).rejects.toBeInstanceOf(InvalidSpecError);
    const images = new Set(
      (await h.client.listServices({ filter: { stack: 'big' } })).map((s) => s.service!.spec!.container!.image),
    );
    expect([...images]).toEqual(['busybox:latest']);
  });

  it('keeps a task pending with a reason when no node can take it', async () => {
    h = await managers.start();
    await h.client.deployStack({ stack: stackFromYaml('lonely', httpdStackYaml(1)), prune: true });
    await eventually(
      'reason no nodes',
      async () => (await h!.client.listTasks({ stack: 'lonely' }))[0]?.task!.status!.message === 'no nodes',
    );

    h.addAgent({ hostname: 'small', memoryBytes: 2 ** 30 });
    const big = httpdStackYaml(1).replace(
      '    deploy:\n',
      '    deploy:\n      resources:\n        reservations:\n          memory: 4G\n',
    );
    await h.client.deployStack({ stack: stackFromYaml('lonely', big), prune: true });
    await eventually('memory reason', async () =>
      (await h!.client.listTasks({ stack: 'lonely' })).some(
        (t) =>
          t.task!.desiredState === 'running' && /no suitable node: 1 node lacks memory/.test(t.task!.status!.message),
      ),
    );
  });

  it('loses nothing across a manager restart, and agents reconnect', async () => {
    h = await managers.start();
    const a = h.addAgent({ hostname: 'n1' });
    await h.client.deployStack({ stack: stackFromYaml('keep', httpdStackYaml(3)), prune: true });
    await eventually('3 running', async () => (await runningCount(h!, 'keep_app')) === 3);
    const before = (await h.client.listTasks({})).map((t) => t.task!.id).sort();

    await h.restart();
    await eventually('agent back', async () => (await h!.client.listNodes().catch(() => []))[0]?.status === 'ready');
    await h.client.scaleServices({ entries: [{ service: 'keep_app', replicas: 4 }] });
    await eventually('4 running', async () => (await runningCount(h!, 'keep_app')) === 4);
    const after = (await h.client.listTasks({})).map((t) => t.task!.id);
    for (const id of before) expect(after).toContain(id);
    expect(a.running.size).toBe(4);
  });

  it(
    'keeps the node of an agent that stops to restart up for as long as it asked, ' + 'and moves none of its tasks',
    async () => {
      const nodeTimeoutMs = 1000;
      h = await managers.start({ nodeTimeoutMs, heartbeatIntervalMs: 250 });
      const agents = ['n1', 'n2'].map((hostname) => h!.addAgent({ hostname }));
      await eventually(
        '2 nodes',
        async () => (await h!.client.listNodes()).filter((n) => n.status === 'ready').length === 2,
      );
      await h.client.deployStack({ stack: stackFromYaml('rs', httpdStackYaml(4)), prune: true });
      await eventually('4 running', async () => (await runningCount(h!, 'rs_app')) === 4);
      const before = running(await h.client.listTasks({ services: ['rs_app'] }))
        .map((t) => t.task!.id)
        .sort();

      await agents[1].stopToRestart(10_000);
      // n3 joins after n2 stopped, then falls silent without asking to be waited for: the check that
      // marks it down finds n2 silent for longer still, and judges n2 first (the older node).
      const silent = h.addAgent({ hostname: 'n3' });
      await eventually('n3 ready', async () => (await h!.client.getNode('n3')).status === 'ready');
      silent.disconnect();
      await eventually('n3 down', async () => (await h!.client.getNode('n3')).status === 'down');
      expect((await h.client.getNode('n2')).status).toBe('ready');
      agents[1].start();
      await eventually(
        'n2 back',
        async () => (await h!.client.listNodes()).filter((n) => n.status === 'ready').length === 2,
      );
      expect(
        running(await h.client.listTasks({ services: ['rs_app'] }))
          .map((t) => t.task!.id)
          .sort(),
      ).toEqual(before);
      expect(agents[1].running.size).toBe(2);
    },
  );

  it('replaces the tasks of a node that stops heartbeating within the node timeout plus one second', async () => {
    const nodeTimeoutMs = 2000;
    h = await managers.start({ nodeTimeoutMs, heartbeatIntervalMs: 500 });
    const agents = ['n1', 'n2', 'n3'].map((hostname) => h!.addAgent({ hostname }));
    await eventually(
      '3 nodes',
      async () => (await h!.client.listNodes()).filter((n) => n.status === 'ready').length === 3,
    );
    await h.client.deployStack({ stack: stackFromYaml('heal', httpdStackYaml(6)), prune: true });
    await eventually('6 running', async () => (await runningCount(h!, 'heal_app')) === 6);

    const lost = agents[1];
    const lostId = lost.nodeId;
    const stranded = [...lost.running.keys()];
    expect(stranded).toHaveLength(2);
    lost.disconnect();
    await eventually(
      '6 running on the other nodes',
      async () => {
        const r = running(await h!.client.listTasks({ services: ['heal_app'] }));
        return r.length === 6 && r.every((t) => t.task!.nodeId !== lostId);
      },
      nodeTimeoutMs + 1000,
    );
    expect((await h.client.getNode(lostId)).status).toBe('down');
    expect(agents[0].running.size + agents[2].running.size).toBe(6);

    // The node returns with its old containers: it is told to stop what it no longer owns.
    lost.start();
    await eventually('n2 ready', async () => (await h!.client.getNode('n2')).status === 'ready');
    await eventually('n2 stopped its stale tasks', async () => lost.running.size === 0);
    await eventually('stale tasks reported shut down', async () => {
      const all = await h!.client.listTasks({ services: ['heal_app'] });
      return stranded.every(
        (id) =>
          !all.some((t) => t.task!.id === id) || all.find((t) => t.task!.id === id)!.task!.status!.state === 'shutdown',
      );
    });
    expect(await runningCount(h, 'heal_app')).toBe(6);
  });
});
