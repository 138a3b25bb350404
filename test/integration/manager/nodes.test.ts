// Node operations end to end, on a real etcd, with simulated agents over real gRPC: drain moves tasks
// start-first, node rm takes only a node that is down, and rebalance evens a service out again.
import { describe, expect, it } from 'vitest';
import { FailedPreconditionError } from '../../../proto/errors';
import type { TaskView__Output } from '../../../proto/generated/shoal/v1/TaskView';
import type { SimAgent } from '../../../testkit/sim-agent';
import { eventually } from '../../../testkit/eventually';
import { httpdStackYaml } from '../../fixtures/stacks';
import { managerPerTest, stackFromYaml, type ManagerHandle } from '../manager-harness';

/** How often the running count is sampled while tasks move: often enough to catch a dip. */
const SAMPLE_MS = 20;

const managers = managerPerTest();
let h: ManagerHandle | undefined;

const running = (tasks: TaskView__Output[]) =>
  tasks.filter((t) => t.task!.desiredState === 'running' && t.task!.status!.state === 'running');

async function runningCount(service: string): Promise<number> {
  return running(await h!.client.listTasks({ services: [service] })).length;
}

/** Samples the service's running count until `done` holds; resolves with the lowest count seen. */
async function lowestRunningUntil(service: string, what: string, done: () => Promise<boolean>): Promise<number> {
  let lowest = Infinity;
  await eventually(
    what,
    async () => {
      lowest = Math.min(lowest, await runningCount(service));
      return done();
    },
    20_000,
    SAMPLE_MS,
  );
  return lowest;
}

async function agentsReady(n: number): Promise<void> {
  await eventually(
    `${n} nodes ready`,
    async () => (await h!.client.listNodes()).filter((node) => node.status === 'ready').length === n,
  );
}

const counts = (agents: SimAgent[]) => agents.map((a) => a.running.size);

describe('nodes', () => {
  it('drain starts each replacement before stopping the task it replaces, and places nothing new there', async () => {
    h = await managers.start();
    const agents = ['a', 'b', 'c'].map((hostname) => h!.addAgent({ hostname }));
    await agentsReady(3);
    await h.client.deployStack({ stack: stackFromYaml('d', httpdStackYaml(6)), prune: true });
    await eventually('6 running', async () => (await runningCount('d_app')) === 6);
    expect(counts(agents)).toEqual([2, 2, 2]);

    await h.client.updateNode({ name: 'a', availability: 'drain', labelAdd: [], labelRm: [] });
    const lowest = await lowestRunningUntil(
      'd_app',
      'a empty, 6 running',
      async () => agents[0]!.running.size === 0 && (await runningCount('d_app')) === 6,
    );
    expect(lowest).toBe(6);
    await h.client.scaleServices({ entries: [{ service: 'd_app', replicas: 8 }] });
    await eventually('8 running', async () => (await runningCount('d_app')) === 8);
    expect(agents[0]!.running.size).toBe(0);
  });

  it('node rm refuses a ready node and removes one that is down', async () => {
    h = await managers.start({ nodeTimeoutMs: 1000, heartbeatIntervalMs: 250 });
    const agents = ['a', 'b'].map((hostname) => h!.addAgent({ hostname }));
    await agentsReady(2);
    await expect(h.client.removeNode('b')).rejects.toBeInstanceOf(FailedPreconditionError);
    expect((await h.client.listNodes()).map((n) => n.description!.hostname).sort()).toEqual(['a', 'b']);

    agents[1]!.kill();
    await eventually('b down', async () => (await h!.client.getNode('b')).status === 'down');
    await h.client.removeNode('b');
    expect((await h.client.listNodes()).map((n) => n.description!.hostname)).toEqual(['a']);
  });

  it('rebalance evens a service over a node that returned, one task at a time, never below its replicas', async () => {
    h = await managers.start({ nodeTimeoutMs: 1000, heartbeatIntervalMs: 250 });
    const agents = ['a', 'b', 'c'].map((hostname) => h!.addAgent({ hostname }));
    await agentsReady(3);
    agents[2]!.disconnect();
    await eventually('c down', async () => (await h!.client.getNode('c')).status === 'down');
    await h.client.deployStack({ stack: stackFromYaml('r', httpdStackYaml(6)), prune: true });
    await eventually('6 running on a and b', async () => (await runningCount('r_app')) === 6);
    expect(counts(agents)).toEqual([3, 3, 0]);

    agents[2]!.start();
    await agentsReady(3);
    await h.client.updateService({ service: 'r_app', rebalance: true });
    const lowest = await lowestRunningUntil(
      'r_app',
      '2 on each node',
      async () => counts(agents).join() === '2,2,2' && (await runningCount('r_app')) === 6,
    );
    expect(lowest).toBe(6);
  });
});
