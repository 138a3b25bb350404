// Messages that scale, on a real manager and etcd with simulated agents over real gRPC: a node's
// assignments and the list calls' answers both exceed gRPC's 4 MiB in total, and each still arrives
// in messages under it (the limit stays gRPC's default on both sides).
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../testkit/eventually';
import { managerPerTest, stackFromYaml, type ManagerHandle } from '../manager-harness';

const managers = managerPerTest();
let h: ManagerHandle | undefined;

const MIB = 1024 * 1024;

/**
 * `count` services of `replicas` tasks each, every one with two environment values of `bytes` bytes (an
 * entry may hold 32 KiB and a spec 64 KiB: domain/limits.ts).
 */
function bigEnvStackYaml(count: number, replicas: number, bytes: number): string {
  const services = Array.from(
    { length: count },
    (_, i) =>
      `  s${i}:\n    image: busybox:latest\n    environment:\n` +
      `      BIG1: "${'x'.repeat(bytes)}"\n      BIG2: "${'y'.repeat(bytes)}"\n` +
      `    deploy:\n      replicas: ${replicas}`,
  );
  return ['services:', ...services].join('\n');
}

describe('messages that scale', () => {
  it('runs every task of a node whose assignment set is over 4 MiB, with no re-registration', async () => {
    h = await managers.start();
    const agent = h.addAgent({ hostname: 'n1' });
    await eventually('n1 ready', async () => (await h!.client.listNodes()).some((n) => n.status === 'ready'));

    // 80 tasks each carrying 60 KB of environment: about 4.8 MB for the node, more than one message holds.
    await h.client.deployStack({ stack: stackFromYaml('big', bigEnvStackYaml(1, 80, 30_000)), prune: true });
    await eventually('80 running on n1', async () => agent.running.size === 80, 20_000);
    expect(agent.registrations).toBe(1);

    // The tasks' list is over 4 MiB too; it arrives whole, and says what the agent reported.
    const running = async () =>
      (await h!.client.listTasks({ services: ['big_s0'] })).filter((t) => t.task!.status!.state === 'running');
    await eventually('80 reported running', async () => (await running()).length === 80);
    const tasks = await running();
    expect(Buffer.byteLength(JSON.stringify(tasks))).toBeGreaterThan(4 * MIB);
    expect(new Set(tasks.map((t) => t.nodeHostname))).toEqual(new Set(['n1']));
  });

  it('lists every service when the list is over 4 MiB', async () => {
    h = await managers.start();
    // Ten stacks of eight 60 KB services (each deploy well under 4 MiB): 80 services, about 4.8 MB.
    for (let s = 0; s < 10; s++) {
      await h.client.deployStack({ stack: stackFromYaml(`st${s}`, bigEnvStackYaml(8, 0, 30_000)), prune: true });
    }
    const all = await h.client.listServices({ filter: { stack: '', names: [] } });
    expect(all).toHaveLength(80);
    expect(Buffer.byteLength(JSON.stringify(all))).toBeGreaterThan(4 * MIB);
    expect(all.map((v) => v.service!.spec!.name)).toEqual(
      Array.from({ length: 10 }, (_, s) => Array.from({ length: 8 }, (_, i) => `st${s}_s${i}`))
        .flat()
        .sort((a, b) => a.localeCompare(b)),
    );
    const one = await h.client.listServices({ filter: { stack: 'st3', names: [] } });
    expect(one.map((v) => v.service!.spec!.name)).toHaveLength(8);
  });
});
