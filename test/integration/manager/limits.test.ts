// The limits (domain/limits.ts) on a real manager and a real etcd: every Control API path refuses input
// over a limit, naming it, and writes nothing (etcd's revision does not move); a stack cannot take over
// another stack's network, and `stack rm` never removes a network another stack uses.
import { Etcd3 } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { FailedPreconditionError, InvalidArgumentError, InvalidSpecError } from '../../../proto/errors';
import type { StackSpec } from '../../../proto/types';
import { managerPerTest, stackFromYaml, type ManagerHandle } from '../manager-harness';
import { eventually } from '../../../testkit/eventually';

const managers = managerPerTest();

const BASE = `
services:
  app:
    image: busybox:latest
    deploy:
      replicas: 2
  other:
    image: busybox:latest
    deploy:
      replicas: 0
`;

/** What etcd holds under the manager's prefix, and etcd's revision: any write anywhere moves it. */
async function storeSnapshot(h: ManagerHandle): Promise<{ revision: string; keys: string[] }> {
  const raw = new Etcd3({ hosts: h.config.etcd });
  try {
    const res = await raw.getAll().prefix(h.config.etcdPrefix).exec();
    return {
      revision: res.header.revision,
      keys: res.kvs.map((kv) => `${kv.key.toString()}@${kv.mod_revision}`).sort(),
    };
  } finally {
    raw.close();
  }
}

/** A manager with stack p1 (p1_app running 2 tasks on n1, p1_other at 0), once it has stopped writing. */
async function settled(): Promise<ManagerHandle> {
  const h = await managers.start();
  h.addAgent({ hostname: 'n1' });
  await eventually('n1 ready', async () => (await h.client.listNodes()).some((n) => n.status === 'ready'));
  await h.client.deployStack({ stack: stackFromYaml('p1', BASE), prune: true });
  await eventually('p1_app running', async () => (await h.client.getService('p1_app')).replicas?.running === 2);
  let last = '';
  await eventually('the store stops changing', async () => {
    await new Promise((r) => setTimeout(r, 300));
    const { revision } = await storeSnapshot(h);
    const same = revision === last;
    last = revision;
    return same;
  });
  return h;
}

/** The raw API's view of p1, changed by `edit`: what a client other than the CLI may send. */
function rawStack(edit: (s: StackSpec) => void, yaml = BASE): StackSpec {
  const s = structuredClone(stackFromYaml('p1', yaml));
  edit(s);
  return s;
}

async function refused(call: () => Promise<unknown>): Promise<Error> {
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the request was refused').toBeInstanceOf(Error);
  return err as Error;
}

describe('every path refuses input over a limit, naming it, and writes nothing', () => {
  it('DeployStack, ScaleServices, UpdateService, CreateNetwork and UpdateNode', async () => {
    const h = await settled();
    const c = h.client;
    const before = await storeSnapshot(h);
    const megabyte = 'x'.repeat(1024 * 1024);
    const longName = 's'.repeat(100_000);

    const cases: [string, () => Promise<unknown>, new (...a: never[]) => Error, string][] = [
      [
        'deploy: replicas 1,000,000,000',
        () => c.deployStack({ stack: rawStack((s) => (s.services[0]!.replicas = 1e9)), prune: true }),
        InvalidSpecError,
        'services[0].deploy.replicas: replicas 1000000000 is over the limit of 100000',
      ],
      [
        'deploy: a 100,000-character stack name',
        () => c.deployStack({ stack: rawStack((s) => (s.name = longName)), prune: true }),
        InvalidSpecError,
        `name: stack name "${'s'.repeat(40)}"... is 100000 characters, over the limit of 55`,
      ],
      [
        'deploy: a service name over 63 characters',
        () => c.deployStack({ stack: rawStack((s) => (s.services[0]!.name = `p1_${'a'.repeat(61)}`)), prune: true }),
        InvalidSpecError,
        'is 64 characters, over the limit of 63',
      ],
      [
        'deploy: an image with a NUL byte',
        () => c.deployStack({ stack: rawStack((s) => (s.services[0]!.container.image = 'busybox\0')), prune: true }),
        InvalidSpecError,
        'services[0].image: invalid image "busybox\\u0000": it holds a NUL byte',
      ],
      [
        'deploy: an environment entry =novalue',
        () => c.deployStack({ stack: rawStack((s) => (s.services[0]!.container.env = ['=novalue'])), prune: true }),
        InvalidSpecError,
        'services[0].environment: environment variable "=novalue" has no name',
      ],
      [
        'deploy: a 1 MB environment value',
        () =>
          c.deployStack({ stack: rawStack((s) => (s.services[0]!.container.env = [`BIG=${megabyte}`])), prune: true }),
        InvalidSpecError,
        'services[0].environment.BIG: environment variable "BIG" is 1048580 bytes, over the limit of 32768',
      ],
      [
        'deploy: more tasks than the cluster may want',
        () =>
          c.deployStack({
            stack: rawStack((s) => s.services.forEach((svc) => (svc.replicas = 100_000))),
            prune: true,
          }),
        InvalidSpecError,
        'the cluster would want 200000 tasks, over the limit of 150000 (it wants 2 now)',
      ],
      [
        'scale: 1,000,000,000 replicas',
        () => c.scaleServices({ entries: [{ service: 'p1_app', replicas: 1e9 }] }),
        InvalidArgumentError,
        'p1_app: replicas 1000000000 is over the limit of 100000',
      ],
      [
        'scale: more tasks than the cluster may want',
        () =>
          c.scaleServices({
            entries: [
              { service: 'p1_app', replicas: 100_000 },
              { service: 'p1_other', replicas: 100_000 },
            ],
          }),
        InvalidArgumentError,
        'the cluster would want 200000 tasks, over the limit of 150000',
      ],
      [
        'update: replicas 100,001',
        () => c.updateService({ service: 'p1_app', replicas: 100_001 }),
        InvalidArgumentError,
        'replicas 100001 is over the limit of 100000',
      ],
      [
        'update: an image with a NUL byte',
        () => c.updateService({ service: 'p1_app', image: 'busybox\0' }),
        InvalidArgumentError,
        'it holds a NUL byte',
      ],
      [
        'update: an image with an invalid tag',
        () => c.updateService({ service: 'p1_app', image: 'busybox:-1' }),
        InvalidArgumentError,
        'tag "-1" is invalid',
      ],
      [
        'update: an environment entry =novalue',
        () => c.updateService({ service: 'p1_app', envAdd: ['=novalue'] }),
        InvalidArgumentError,
        'environment variable "=novalue" has no name',
      ],
      [
        'update: a 1 MB environment value',
        () => c.updateService({ service: 'p1_app', envAdd: [`BIG=${megabyte}`] }),
        InvalidArgumentError,
        'over the limit of 32768',
      ],
      [
        'update: entries that together take the spec over its size limit',
        () =>
          c.updateService({
            service: 'p1_app',
            envAdd: ['A', 'B', 'C'].map((k) => `${k}=${'x'.repeat(30_000)}`),
          }),
        InvalidArgumentError,
        'service "p1_app": ',
      ],
      [
        'network create: a 100,000-character name',
        () => c.createNetwork({ name: longName, driver: 'overlay' }),
        InvalidArgumentError,
        'is 100000 characters, over the limit of 63',
      ],
      [
        'network create: a label over the limit',
        () => c.createNetwork({ name: 'shared', driver: 'overlay', labels: { k: 'v'.repeat(5000) } }),
        InvalidArgumentError,
        'its value is 5000 bytes, over the limit of 4096',
      ],
      [
        'node update: a label over the limit',
        () => c.updateNode({ name: 'n1', labelAdd: [`k=${'v'.repeat(5000)}`], labelRm: [], availability: '' }),
        InvalidArgumentError,
        'its value is 5000 bytes, over the limit of 4096',
      ],
      [
        'node update: labels over the size limit together',
        () =>
          c.updateNode({
            name: 'n1',
            labelAdd: Array.from({ length: 20 }, (_, i) => `k${i}=${'v'.repeat(4000)}`),
            labelRm: [],
            availability: '',
          }),
        InvalidArgumentError,
        'the labels of node n1: ',
      ],
    ];
    for (const [what, call, type, message] of cases) {
      const err = await refused(call);
      expect(err, what).toBeInstanceOf(type);
      expect(err.message, what).toContain(message);
    }

    expect(await storeSnapshot(h)).toEqual(before);
    expect((await c.getService('p1_app')).service!.spec!.replicas).toBe(2);
    expect((await c.listStacks()).map((s) => s.name)).toEqual(['p1']);
    expect((await c.listNetworks()).map((n) => n.spec!.name)).toEqual(['p1_default']);
  });
});

describe('networks belong to their stack', () => {
  const joining = (network: string) => `
services:
  app:
    image: busybox:latest
networks:
  default:
${network}
`;

  it(
    "refuses a deploy that would take over another stack's network or a cluster-wide one; " +
      'stack rm of the stack that joined it with external: true leaves it, and its owner keeps running',
    async () => {
      const h = await settled();
      const c = h.client;
      const p1Net = await c.getNetwork('p1_default');
      const p1Tasks = async () =>
        (await c.listTasks({ stack: 'p1' }))
          .map((v) => v.task!)
          .filter((t) => t.desiredState === 'running')
          .map((t) => `${t.id} ${t.status!.state} ${t.addresses.map((a) => a.address).join(',')}`)
          .sort();
      const tasksBefore = await p1Tasks();
      const before = await storeSnapshot(h);

      const takeover = await refused(() =>
        c.deployStack({ stack: stackFromYaml('p2', joining('    name: p1_default')), prune: true }),
      );
      expect(takeover).toBeInstanceOf(InvalidSpecError);
      expect(takeover.message).toBe(
        'networks[0].name: network p1_default belongs to stack p1: ' +
          'declare it external: true to use it (stack p1 keeps it)',
      );
      expect(await storeSnapshot(h)).toEqual(before);

      await c.createNetwork({ name: 'shared', driver: 'overlay' });
      const wide = await refused(() =>
        c.deployStack({ stack: stackFromYaml('p3', joining('    name: shared')), prune: true }),
      );
      expect(wide.message).toBe(
        'networks[0].name: network shared was made with shoal network create: declare it external: true to use it',
      );

      await c.deployStack({
        stack: stackFromYaml('p2', joining('    external: true\n    name: p1_default')),
        prune: true,
      });
      await eventually('p2_app running', async () => (await c.getService('p2_app')).replicas?.running === 1);
      expect((await c.getNetwork('p1_default')).spec).toEqual(p1Net.spec);

      const inUse = await refused(() => c.removeStack('p1'));
      expect(inUse).toBeInstanceOf(FailedPreconditionError);
      expect(inUse.message).toBe('network p1_default of stack p1 is in use by service p2_app; remove it first');

      const removed = await c.removeStack('p2');
      expect(removed).toEqual({ removedServices: ['p2_app'], removedNetworks: [] });
      expect(await c.getNetwork('p1_default')).toEqual(await c.getNetwork(p1Net.id));
      expect((await c.getNetwork('p1_default')).spec).toEqual(p1Net.spec);
      expect(await p1Tasks()).toEqual(tasksBefore);

      expect(await c.removeStack('p1')).toEqual({
        removedServices: ['p1_app', 'p1_other'],
        removedNetworks: ['p1_default'],
      });
      expect((await c.listNetworks()).map((n) => n.spec!.name)).toEqual(['shared']);
    },
  );
});
