// Overlay networks on the manager, end to end on a real etcd with simulated agents over real gRPC:
// allocation of VNIs, subnets, VIPs and task addresses; network create/ls/rm; the network map stream.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { FailedPreconditionError, InvalidArgumentError, InvalidSpecError } from '../../../proto/errors';
import type { AssignmentsMessage__Output } from '../../../proto/generated/shoal/v1/AssignmentsMessage';
import type { DispatcherClient } from '../../../proto/generated/shoal/v1/Dispatcher';
import type { NetworkMap__Output } from '../../../proto/generated/shoal/v1/NetworkMap';
import { NetworkMapReceiver, type WholeNetworkMap } from '../../../agent/network-map-chunks';
import type { Network__Output } from '../../../proto/generated/shoal/v1/Network';
import type { TaskView__Output } from '../../../proto/generated/shoal/v1/TaskView';
import { loadShoalProto } from '../../../proto/loader';
import { httpdStackYaml } from '../../fixtures/stacks';
import { managerPerTest, stackFromYaml, type ManagerHandle } from '../manager-harness';
import { eventually } from '../../../testkit/eventually';

const managers = managerPerTest();
let h: ManagerHandle | undefined;

const TWO_NETWORKS = (appReplicas: number) => `
services:
  app:
    image: busybox:latest
    networks: [front, back]
    deploy:
      replicas: ${appReplicas}
  db:
    image: busybox:latest
    networks: [back]
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
  cache:
    image: busybox:latest
networks:
  front: {}
  back: {}
`;

const ip = (address: string) => address.split('/')[0]!;
const live = (tasks: TaskView__Output[]) =>
  tasks
    .map((v) => v.task!)
    .filter(
      (t) =>
        t.desiredState === 'running' &&
        !['complete', 'shutdown', 'failed', 'rejected', 'orphaned'].includes(t.status!.state),
    );

async function withAgents(handle: ManagerHandle, names: string[]): Promise<void> {
  for (const hostname of names) handle.addAgent({ hostname });
  await eventually(
    `${names.length} nodes ready`,
    async () => (await handle.client.listNodes()).filter((n) => n.status === 'ready').length === names.length,
  );
}

async function runningIn(handle: ManagerHandle, stack: string, want: Record<string, number>): Promise<void> {
  await eventually(`running ${JSON.stringify(want)}`, async () => {
    const tasks = live(await handle.client.listTasks({ stack }));
    return Object.entries(want).every(
      ([svc, n]) =>
        tasks.filter((t) => t.serviceName === svc && t.status!.state === 'running').length === n &&
        tasks.filter((t) => t.serviceName === svc).length === n,
    );
  });
}

/** Every address held on each network (VIPs and live tasks) is unique, in the subnet, and not the gateway. */
async function expectNoDuplicates(handle: ManagerHandle, stack: string): Promise<void> {
  const networks = new Map((await handle.client.listNetworks()).map((n) => [n.id, n]));
  const services = await handle.client.listServices({ filter: { stack, names: [] } });
  const held = [
    ...services.flatMap((v) => v.service!.virtualIps),
    ...live(await handle.client.listTasks({ stack })).flatMap((t) => t.addresses),
  ];
  const seen = new Set<string>();
  for (const a of held) {
    const alloc = networks.get(a.networkId)!.allocation!;
    const prefix = alloc.subnet.slice(0, alloc.subnet.lastIndexOf('.') + 1);
    expect(ip(a.address).startsWith(prefix), `${a.address} in ${alloc.subnet}`).toBe(true);
    expect(ip(a.address)).not.toBe(alloc.gateway);
    expect(seen.has(`${a.networkId} ${a.address}`), `${a.address} on ${a.network} held twice`).toBe(false);
    seen.add(`${a.networkId} ${a.address}`);
  }
}

describe('network allocation', () => {
  it(
    'gives a stack distinct VNIs and subnets, VIPs per network, and every task an address on each of its networks; ' +
      'keeps them unique through scale and replacement, and across a restart',
    async () => {
      h = await managers.start();
      await withAgents(h, ['n1', 'n2', 'n3']);
      await h.client.deployStack({ stack: stackFromYaml('web', TWO_NETWORKS(3)), prune: true });
      await runningIn(h, 'web', { web_app: 3, web_db: 2, web_cache: 1 });

      const networks = (await h.client.listNetworks()).filter((n) => n.spec!.stack === 'web');
      expect(networks.map((n) => n.spec!.name).sort()).toEqual(['web_back', 'web_default', 'web_front']);
      expect(new Set(networks.map((n) => n.allocation!.vni)).size).toBe(3);
      expect(new Set(networks.map((n) => n.allocation!.subnet)).size).toBe(3);
      for (const n of networks) {
        expect(n.allocation!.subnet).toMatch(/^10\.(\d|1[0-5])\.\d+\.0\/24$/);
        expect(n.allocation!.vni).toBeGreaterThanOrEqual(4096);
      }
      const byName = new Map(networks.map((n) => [n.spec!.name, n]));
      const vips = async (svc: string) => (await h!.client.getService(svc)).service!.virtualIps.map((v) => v.network);
      expect((await vips('web_app')).sort()).toEqual(['web_back', 'web_front']);
      expect(await vips('web_db')).toEqual([]);
      expect(await vips('web_cache')).toEqual(['web_default']);
      for (const t of live(await h.client.listTasks({ stack: 'web' }))) {
        expect(t.addresses.map((a) => a.network)).toEqual(t.spec!.networks.map((n) => n.target));
        for (const a of t.addresses) expect(a.networkId).toBe(byName.get(a.network)!.id);
      }
      await expectNoDuplicates(h, 'web');

      await h.client.scaleServices({ entries: [{ service: 'web_app', replicas: 8 }] });
      await runningIn(h, 'web', { web_app: 8 });
      await expectNoDuplicates(h, 'web');
      await h.client.scaleServices({ entries: [{ service: 'web_app', replicas: 2 }] });
      await runningIn(h, 'web', { web_app: 2 });
      await h.client.scaleServices({ entries: [{ service: 'web_app', replicas: 5 }] });
      await runningIn(h, 'web', { web_app: 5 });
      await expectNoDuplicates(h, 'web');

      // Replacement: a lost host's tasks get new tasks (new addresses) elsewhere.
      h.agents[2]!.kill();
      await eventually('n3 down and its tasks replaced', async () => {
        const tasks = live(await h!.client.listTasks({ stack: 'web' }));
        const n3 = (await h!.client.listNodes()).find((n) => n.description!.hostname === 'n3')!;
        return (
          n3.status === 'down' && tasks.filter((t) => t.nodeId !== n3.id && t.status!.state === 'running').length === 8
        );
      });
      await expectNoDuplicates(h, 'web');

      const before = await snapshot(h);
      await h.restart();
      await eventually(
        'the new manager answers',
        async () => (await h!.client.listNodes().catch(() => [])).length === 3,
      );
      // The new loops' first ticks come before any later ones: once a stack deployed now runs, they have
      // run (allocated and placed), and what they would have changed of the rest would show.
      await h.client.deployStack({ stack: stackFromYaml('probe', httpdStackYaml(1)), prune: true });
      await runningIn(h, 'probe', { probe_app: 1 });
      expect(await snapshot(h, 'probe')).toEqual(before);
    },
  );

  it('honours an asked-for subnet, and refuses an overlapping one at deploy time with nothing written', async () => {
    h = await managers.start();
    await withAgents(h, ['n1']);
    const yaml = (subnet: string) => `
services:
  app:
    image: busybox:latest
    networks: [data]
networks:
  data:
    ipam:
      config:
        - subnet: ${subnet}
`;
    await h.client.deployStack({ stack: stackFromYaml('one', yaml('10.50.0.0/24')), prune: true });
    await runningIn(h, 'one', { one_app: 1 });
    const data = (await h.client.listNetworks()).find((n) => n.spec!.name === 'one_data')!;
    expect(data.allocation).toMatchObject({ subnet: '10.50.0.0/24', gateway: '10.50.0.1' });
    const [task] = live(await h.client.listTasks({ stack: 'one' }));
    expect(task!.addresses[0]!.address).toMatch(/^10\.50\.0\.\d+\/24$/);

    const refused = await h.client
      .deployStack({ stack: stackFromYaml('two', yaml('10.50.0.0/16')), prune: true })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidSpecError);
    expect((refused as Error).message).toContain(
      'subnet 10.50.0.0/16 of network two_data overlaps 10.50.0.0/24 of network one_data',
    );
    expect((await h.client.listNetworks()).map((n) => n.spec!.name)).not.toContain('two_data');
    expect(await h.client.listServices({ filter: { stack: 'two', names: [] } })).toEqual([]);
    expect((await h.client.listStacks()).map((s) => s.name)).toEqual(['one']);
  });
});

/** What every network, service and task holds, but those of stack `except`. */
async function snapshot(handle: ManagerHandle, except?: string) {
  const services = (await handle.client.listServices({})).map((v) => v.service!);
  const excepted = new Set(services.filter((s) => s.spec!.stack === except).map((s) => s.id));
  const networks = (await handle.client.listNetworks())
    .filter((n) => n.spec!.stack !== except)
    .map((n: Network__Output) => ({ id: n.id, allocation: n.allocation }));
  const vips = services.filter((s) => !excepted.has(s.id)).map((s) => ({ id: s.id, vips: s.virtualIps }));
  const tasks = (await handle.client.listTasks({}))
    .filter((v) => !excepted.has(v.task!.serviceId))
    .map((v) => ({ id: v.task!.id, addresses: v.task!.addresses }));
  const byId = <T extends { id: string }>(xs: T[]) => xs.sort((a, b) => a.id.localeCompare(b.id));
  return { networks: byId(networks), services: byId(vips), tasks: byId(tasks) };
}

describe('network create, ls, inspect, rm', () => {
  it(
    'creates a network stacks join with external: true, refuses bad input and removal while used, ' +
      'and removes it once unused',
    async () => {
      h = await managers.start();
      await withAgents(h, ['n1']);
      const c = h.client;
      const spec = (name: string, subnet?: string) => ({
        name,
        driver: 'overlay',
        ipam: subnet ? [{ subnet }] : [],
        labels: { team: 'core' },
      });

      const external = `
services:
  app:
    image: busybox:latest
    networks: [shared]
networks:
  shared:
    external: true
`;
      const missing = await c
        .deployStack({ stack: stackFromYaml('ext', external), prune: true })
        .catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(InvalidSpecError);
      expect((missing as Error).message).toContain('external network "shared" could not be found');

      const created = await c.createNetwork(spec('shared', '10.60.0.0/24'));
      expect(created.spec).toMatchObject({ name: 'shared', stack: '', driver: 'overlay', labels: { team: 'core' } });
      await eventually(
        'shared allocated',
        async () => (await c.getNetwork('shared')).allocation?.subnet === '10.60.0.0/24',
      );
      expect((await c.listNetworks()).map((n) => n.spec!.name)).toEqual(['shared']);

      for (const [bad, message] of [
        [spec('shared'), 'network shared already exists'],
        [spec('bad name!'), 'invalid network name'],
        [spec('other', '10.60.0.0/16'), 'overlaps 10.60.0.0/24 of network shared'],
        [spec('other', '10.61.0.7/24'), 'host bits set'],
        [{ ...spec('other'), driver: 'bridge' }, 'driver "bridge" is not supported'],
      ] as const) {
        const err = await c.createNetwork(bad).catch((e: unknown) => e);
        expect(err, message).toBeInstanceOf(bad.name === 'shared' ? FailedPreconditionError : InvalidArgumentError);
        expect((err as Error).message).toContain(message);
      }

      await c.deployStack({ stack: stackFromYaml('ext', external), prune: true });
      await runningIn(h, 'ext', { ext_app: 1 });
      const [task] = live(await c.listTasks({ stack: 'ext' }));
      expect(task!.addresses.map((a) => a.address)).toEqual([expect.stringMatching(/^10\.60\.0\.\d+\/24$/)]);

      const used = await c.removeNetwork('shared').catch((e: unknown) => e);
      expect(used).toBeInstanceOf(FailedPreconditionError);
      expect((used as Error).message).toBe('network shared is in use by service ext_app');

      await c.removeStack('ext');
      await eventually('shared removed once its tasks have ended', async () => {
        try {
          await c.removeNetwork('shared');
          return true;
        } catch (err) {
          if (err instanceof FailedPreconditionError) return false;
          throw err;
        }
      });
      expect(await c.listNetworks()).toEqual([]);
    },
  );
});

/**
 * A node that talks the Dispatcher protocol by hand: it runs what it is assigned (reports it running,
 * and shut down once taken away) and follows its network map stream.
 */
class MapWatchingNode {
  /** The whole map after each batch, as the agent assembles it. */
  readonly maps: { at: number; map: WholeNetworkMap }[] = [];
  private readonly receiver = new NetworkMapReceiver();
  private readonly client: DispatcherClient;
  private timer?: NodeJS.Timeout;
  private streams: grpc.ClientReadableStream<unknown>[] = [];

  constructor(manager: string) {
    this.client = new (loadShoalProto().shoal.v1.Dispatcher)(
      manager,
      grpc.credentials.createInsecure(),
    ) as DispatcherClient;
  }

  async start(hostname: string): Promise<void> {
    const description = {
      hostname,
      role: 'worker',
      labels: {},
      platform: { os: 'linux', arch: 'x86_64' },
      resources: { nanoCpus: 4e9, memoryBytes: 2 ** 33 },
      address: '192.0.2.7',
      engineVersion: 'test',
    };
    const { sessionId } = await new Promise<{ sessionId: string }>((resolve, reject) =>
      this.client.Register({ description }, (err, r) =>
        err || !r ? reject(err ?? new Error('no reply')) : resolve(r),
      ),
    );
    this.timer = setInterval(() => this.client.Heartbeat({ sessionId }, () => undefined), 500);
    const assignments = this.client.Assignments({ sessionId });
    assignments.on('data', (msg: AssignmentsMessage__Output) => {
      const updates = [
        ...msg.tasks.map((t) => ({
          taskId: t.id,
          status: { state: 'running', message: 'started', timestamp: Date.now() },
        })),
        ...msg.removedTaskIds.map((taskId) => ({
          taskId,
          status: { state: 'shutdown', message: 'stopped', timestamp: Date.now() },
        })),
      ];
      if (updates.length) this.client.UpdateTaskStatus({ sessionId, updates }, () => undefined);
    });
    const maps = this.client.WatchNetworkMap({ sessionId });
    maps.on('data', (msg: NetworkMap__Output) => {
      const { map } = this.receiver.receive(msg);
      if (map) this.maps.push({ at: Date.now(), map });
    });
    for (const s of [assignments, maps]) s.on('error', () => undefined);
    this.streams = [assignments, maps];
  }

  get latest(): WholeNetworkMap | undefined {
    return this.maps.at(-1)?.map;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.streams) s.cancel();
    this.client.close();
  }
}

describe('WatchNetworkMap', () => {
  it(
    'streams the peers and task IPs of the networks a node has tasks on, ' + 'and follows a scale-down within a second',
    async () => {
      h = await managers.start();
      await withAgents(h, ['n1', 'n2']);
      const watcher = new MapWatchingNode(h.manager.address);
      try {
        await watcher.start('watcher');
        await h.client.deployStack({ stack: stackFromYaml('web', httpdStackYaml(6)), prune: true });
        await runningIn(h, 'web', { web_app: 6 });

        const appIps = () => watcher.latest?.networks[0]?.services[0]?.taskIps ?? [];
        await eventually('the map lists 6 running task IPs', async () => appIps().length === 6, 5000);
        const map = watcher.latest!;
        const nodes = await h.client.listNodes();
        const tasks = live(await h.client.listTasks({ stack: 'web' }));
        expect(map.networks.map((n) => n.name)).toEqual(['web_default']);
        const view = map.networks[0]!;
        const net = await h.client.getNetwork('web_default');
        expect(view).toMatchObject({
          id: net.id,
          vni: net.allocation!.vni,
          subnet: net.allocation!.subnet,
          gateway: net.allocation!.gateway,
          internal: false,
        });
        expect(view.peers.map((p) => p.nodeId)).toEqual(nodes.map((n) => n.id).sort());
        for (const p of view.peers) {
          expect(p.address).toBe(nodes.find((n) => n.id === p.nodeId)!.description!.address);
          expect([...p.taskIps].sort()).toEqual(
            tasks
              .filter((t) => t.nodeId === p.nodeId)
              .map((t) => ip(t.addresses[0]!.address))
              .sort(),
          );
        }
        const svc = await h.client.getService('web_app');
        expect(view.services).toEqual([
          expect.objectContaining({
            name: 'web_app',
            shortName: 'app',
            stack: 'web',
            mode: 'vip',
            vip: ip(svc.service!.virtualIps[0]!.address),
            aliases: ['app'],
          }),
        ]);
        expect([...appIps()].sort()).toEqual(tasks.map((t) => ip(t.addresses[0]!.address)).sort());

        const sent = watcher.maps.length;
        const scaledAt = Date.now();
        await h.client.scaleServices({ entries: [{ service: 'web_app', replicas: 3 }] });
        await eventually('the map lists 3 task IPs', async () => appIps().length === 3, 5000);
        const update = watcher.maps.find((m, i) => i >= sent && m.map.networks[0]!.services[0]!.taskIps.length === 3)!;
        expect(update.at - scaledAt).toBeLessThan(1000);
        const remaining = live(await h.client.listTasks({ stack: 'web' }));
        expect([...appIps()].sort()).toEqual(remaining.map((t) => ip(t.addresses[0]!.address)).sort());
        expect(watcher.maps.map((m) => m.map.sequence)).toEqual(watcher.maps.map((_, i) => i + 1));

        // When none of the 3 remaining tasks is on the watched node, its map drops the network altogether.
        const peerTaskIps = () => watcher.latest!.networks[0]?.peers.reduce((n, p) => n + p.taskIps.length, 0);
        await eventually(
          'the shut-down tasks have left their peers',
          async () => peerTaskIps() === 3 || watcher.latest!.networks.length === 0,
          5000,
        );

        // A change that touches no map (a node label) is recomputed but not sent: the next map is the one
        // for a task of a publishing service (kept off the watched node) started after the label changed,
        // which reaches the maps two 20 ms batches later (its assignment, then its status report), so
        // after the label's own pass.
        await h.client.deployStack({
          stack: stackFromYaml(
            'pub',
            `
services:
  app:
    image: busybox:latest
    ports: ["8080:80"]
    deploy:
      replicas: 0
      placement:
        constraints: ["node.hostname == n1"]
`,
          ),
          prune: true,
        });
        await eventually(
          'the map lists the published port',
          async () => watcher.latest!.published[0]?.ports[0]?.publishedPort === 8080,
          5000,
        );
        const settled = watcher.maps.length;
        await h.client.updateNode({ name: 'n1', labelAdd: ['zone=a'], labelRm: [], availability: '' });
        await h.client.scaleServices({ entries: [{ service: 'pub_app', replicas: 1 }] });
        await eventually(
          'the map lists the task behind the port',
          async () => watcher.latest!.published[0]?.backends.length === 1,
          5000,
        );
        expect(watcher.maps.length).toBe(settled + 1);
      } finally {
        watcher.stop();
      }
    },
  );
});

describe('published ports', () => {
  const PUBLISHING = (name: string, ports: string) => `
services:
  ${name}:
    image: busybox:latest
    ports: ${ports}
    deploy:
      replicas: 2
`;

  it(
    'sends every node the published ports and their running tasks; refuses a port already taken, ' +
      'keeps a dynamic port, releases ports with the stack',
    async () => {
      h = await managers.start();
      await withAgents(h, ['n1', 'n2']);
      const watcher = new MapWatchingNode(h.manager.address);
      try {
        await watcher.start('watcher');
        // Runs nothing: gets the ports all the same.
        await h.client.updateNode({ name: 'watcher', labelAdd: [], labelRm: [], availability: 'pause' });
        const res = await h.client.deployStack({
          stack: stackFromYaml('web', PUBLISHING('app', '["8080:80", "9000/udp"]')),
          prune: true,
        });
        expect(res.changes).toEqual([{ service: 'web_app', change: 'created' }]);
        await runningIn(h, 'web', { web_app: 2 });
        const svc = (await h.client.getService('web_app')).service!;
        expect(svc.spec!.endpoint!.ports.map((p) => `${p.publishedPort}->${p.targetPort}/${p.protocol}`)).toEqual([
          '30000->9000/udp',
          '8080->80/tcp',
        ]);

        await eventually(
          'the watcher has both tasks behind the ports',
          async () => watcher.latest?.published[0]?.backends.length === 2,
          5000,
        );
        const nodes = new Map((await h.client.listNodes()).map((n) => [n.id, n.description!.address]));
        const tasks = live(await h.client.listTasks({ stack: 'web' }));
        expect(watcher.latest!.published).toEqual([
          {
            serviceId: svc.id,
            name: 'web_app',
            ports: svc.spec!.endpoint!.ports,
            backends: expect.arrayContaining(
              tasks.map((t) => ({ address: ip(t.addresses[0]!.address), nodeAddress: nodes.get(t.nodeId) })),
            ),
          },
        ]);

        const taken = await h.client
          .deployStack({ stack: stackFromYaml('shop', PUBLISHING('front', '["8080:8000"]')), prune: true })
          .catch((e: unknown) => e);
        expect(taken).toBeInstanceOf(InvalidSpecError);
        expect((taken as InvalidSpecError).issues).toEqual([
          {
            path: 'services[0].ports[0].published',
            message: 'shop_front: port 8080/tcp is already published by service web_app',
          },
        ]);
        expect(await h.client.listServices({ filter: { stack: 'shop', names: [] } })).toEqual([]);

        const again = await h.client.deployStack({
          stack: stackFromYaml('web', PUBLISHING('app', '["8080:80", "9000/udp"]')),
          prune: true,
        });
        expect(again.changes).toEqual([{ service: 'web_app', change: 'unchanged' }]);

        await h.client.removeStack('web');
        await eventually('no published port left in the map', async () => watcher.latest?.published.length === 0, 5000);
        const freed = await h.client.deployStack({
          stack: stackFromYaml('shop', PUBLISHING('front', '["8080:8000"]')),
          prune: true,
        });
        expect(freed.changes).toEqual([{ service: 'shop_front', change: 'created' }]);
      } finally {
        watcher.stop();
      }
    },
  );
  it('lets only one of two deploys sent at once claim the same port', async () => {
    h = await managers.start();
    const results = await Promise.allSettled(
      ['one', 'two'].map((stack) =>
        h!.client.deployStack({ stack: stackFromYaml(stack, PUBLISHING('app', '["7000:80"]')), prune: true }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!
      .reason as InvalidSpecError;
    expect(refused).toBeInstanceOf(InvalidSpecError);
    expect(refused.issues[0]!.message).toMatch(
      /^(one|two)_app: port 7000\/tcp is already published by service (one|two)_app$/,
    );
    const services = await h.client.listServices({ filter: { stack: '', names: [] } });
    expect(services.map((v) => v.service!.spec!.name)).toHaveLength(1);
  });
});
