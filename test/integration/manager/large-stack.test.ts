// A 10,000-service stack on one network, on a real manager and etcd with a simulated agent over real
// gRPC: the agent's network map arrives in messages far under gRPC's 4 MiB and equals the whole map; a
// later change sends only the change; the deploy's progress streams in batches; and `service ls`,
// `service ps`, `stack ps`, `node ls` and `network inspect` answer (their replies stream).
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { ControlClient } from '../../../proto/generated/shoal/v1/Control';
import type { ProgressSnapshot__Output } from '../../../proto/generated/shoal/v1/ProgressSnapshot';
import { loadShoalProto } from '../../../proto/loader';
import type { Network, Node, Service, Task } from '../../../proto/types';
import { eventually } from '../../../testkit/eventually';
import { nodeMap } from '../../unit/manager/dispatcher/map-sources';
import { managerPerTest, stackFromYaml, type ManagerHandle } from '../manager-harness';

const managers = managerPerTest();
let h: ManagerHandle | undefined;

const SERVICES = 10_000;
const MIB = 1024 * 1024;
/** gRPC's default limit on a received message, which Shoal keeps on both sides. */
const GRPC_LIMIT = 4 * MIB;

/** `count` one-replica services on one /16 network (10,000 VIPs and 10,000 task addresses fit). */
function wideStackYaml(count: number): string {
  const services = Array.from({ length: count }, (_, i) => `  s${i}:\n    image: busybox:latest`);
  return [
    'services:',
    ...services,
    'networks:',
    '  default:',
    '    ipam:',
    '      config:',
    '        - subnet: 10.20.0.0/16',
  ].join('\n');
}

/** The raw WatchProgress stream: the messages of its first batch, then it is cancelled. */
function firstProgressBatch(address: string, services: string[]): Promise<ProgressSnapshot__Output[]> {
  const control = new (loadShoalProto().shoal.v1.Control)(address, grpc.credentials.createInsecure()) as ControlClient;
  const messages: ProgressSnapshot__Output[] = [];
  return new Promise((resolve, reject) => {
    const call = control.watchProgress({ services });
    call.on('data', (m: ProgressSnapshot__Output) => {
      messages.push(m);
      if (!m.batchEnd) return;
      call.cancel();
      control.close();
      resolve(messages);
    });
    call.on('error', (err: grpc.ServiceError) => {
      if (err.code !== grpc.status.CANCELLED) reject(err);
    });
  });
}

describe('a 10,000-service stack on one network', () => {
  it('streams its network map in chunks, then only changes; streams progress; lists it all', async () => {
    h = await managers.start();
    const client = h.client;
    const agent = h.addAgent({ hostname: 'n1', networkMap: true });
    await eventually('n1 ready', async () => (await client.listNodes()).some((n) => n.status === 'ready'));

    const names = Array.from({ length: SERVICES }, (_, i) => `wide_s${i}`);
    await client.deployStack({ stack: stackFromYaml('wide', wideStackYaml(SERVICES)), prune: true });

    // Progress: the CLI's client follows every service until all converge, with no error.
    const converged = new Promise<ProgressSnapshot__Output>((resolve, reject) => {
      const watch = client.watchProgress(names, {
        onSnapshot: (s) => {
          if (!s.converged) return;
          watch.cancel();
          resolve(s);
        },
        onError: reject,
        onEnd: () => reject(new Error('progress stream ended')),
      });
    });
    const last = await converged;
    expect(last.services).toHaveLength(SERVICES);
    expect(last.services.every((s) => s.running === 1)).toBe(true);
    // On the wire, the first batch of every service is several messages, each within the budget.
    const batch = await firstProgressBatch(h.manager.address, names);
    expect(batch.length).toBeGreaterThan(1);
    expect(batch.flatMap((m) => m.services)).toHaveLength(SERVICES);
    for (const m of batch) expect(m.services.length).toBeLessThanOrEqual(1000);

    // The agent's map holds every service with its running task.
    const endpointsServing = () => agent.networkMap?.networks[0]?.services.filter((s) => s.taskIps.length > 0).length;
    await eventually('10,000 endpoints serving', async () => endpointsServing() === SERVICES, 30_000);

    // A new session of the agent: the whole map again, as a complete batch of many messages.
    const before = agent.mapMessages.length;
    await agent.stopToRestart(10_000);
    agent.start();
    await eventually('a new complete map', async () =>
      agent.mapMessages.slice(before).some((m) => m.type === 'complete' && m.end),
    );
    const complete = agent.mapMessages.slice(before).filter((m) => m.type === 'complete');
    expect(complete.length).toBeGreaterThanOrEqual(10);
    for (const m of complete) {
      expect(m.changes).toBeLessThanOrEqual(1000);
      expect(m.bytes).toBeLessThan(GRPC_LIMIT / 2);
    }
    expect(agent.mapProblems).toEqual([]);

    // ... and what the agent holds is the whole map, as planned from a snapshot of the cluster.
    const [services, tasks, nodes, networks] = await Promise.all([
      client.listServices({ filter: { stack: '', names: [] } }),
      client.listTasks({ stack: '', services: [], node: '' }),
      client.listNodes(),
      client.listNetworks(),
    ]);
    const whole = nodeMap(agent.nodeId, {
      services: services.map((v) => v.service as Service),
      tasks: tasks.map((v) => v.task as Task),
      nodes: nodes as Node[],
      networks: networks as Network[],
    });
    expect(whole.networks[0]!.services).toHaveLength(SERVICES);
    expect(agent.networkMap!.networks).toEqual(whole.networks);
    expect(agent.networkMap!.published).toEqual(whole.published);

    // A change afterwards sends only the change: one more task of one service.
    const mark = agent.mapMessages.length;
    await client.scaleServices({ entries: [{ service: 'wide_s7', replicas: 2 }] });
    const s7 = () => agent.networkMap!.networks[0]!.services.find((s) => s.name === 'wide_s7')!;
    await eventually('wide_s7 serves on two addresses', async () => s7().taskIps.length === 2);
    const after = agent.mapMessages.slice(mark);
    expect(after.every((m) => m.type === 'incremental')).toBe(true);
    // Its node's peer gains the address, then the endpoint: nothing else of the 10,000 goes out.
    expect(after.reduce((n, m) => n + m.changes, 0)).toBeLessThanOrEqual(4);
    expect(Math.max(...after.map((m) => m.bytes))).toBeLessThan(1024);

    // The list calls at this size: service ls, service ps, stack ps, node ls, network inspect.
    expect(services).toHaveLength(SERVICES);
    const stackTasks = await client.listTasks({ stack: 'wide', services: [], node: '' });
    expect(stackTasks.length).toBeGreaterThanOrEqual(SERVICES + 1);
    expect(Buffer.byteLength(JSON.stringify(stackTasks))).toBeGreaterThan(GRPC_LIMIT);
    expect(await client.listTasks({ stack: '', services: ['wide_s7'], node: '' })).toHaveLength(2);
    expect((await client.listNodes()).map((n) => n.description!.hostname)).toEqual(['n1']);
    const network = await client.getNetwork('wide_default');
    expect(network.spec!.name).toBe('wide_default');
  }, 90_000);
});
