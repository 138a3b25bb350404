import { describe, expect, it } from 'vitest';
import {
  checkDeploy,
  planStackDeploy,
  planStackRemove,
  specsEqualIgnoringReplicas,
} from '../../../../manager/controlapi/stack-plan';
import { FailedPreconditionError, InvalidSpecError } from '../../../../proto/errors';
import type { Network, NetworkSpec, Service, Stack, StackSpec } from '../../../../proto/types';
import { makeMeta, makeNetworkSpec, makeService, makeSpec } from '../../../fakes/builders';

const NOW = 1_700_000_000_000;
let n = 0;
const newId = () => `id${++n}`;
const opts = { prune: true, now: NOW, newId };

function stackSpec(services: ReturnType<typeof makeSpec>[], networks: StackSpec['networks'] = []): StackSpec {
  return { name: 'web', services, networks };
}
const app = (o: Parameters<typeof makeSpec>[0] = {}) => makeSpec({ name: 'web_app', stack: 'web', ...o });
const stored = (spec: ReturnType<typeof makeSpec>, version = 7): Service =>
  makeService({ id: `svc-${spec.name}`, meta: makeMeta({ version }), specVersion: 3, spec });
const stackRecord = (services: string[], version = 5): Stack => ({
  name: 'web',
  meta: makeMeta({ version }),
  services,
  networks: [],
});

describe('planStackDeploy', () => {
  it('creates a new service guarded as create-only, and the stack record', () => {
    const plan = planStackDeploy(stackSpec([app()]), { services: [], networks: [] }, opts);
    expect(plan.changes).toEqual([{ service: 'web_app', change: 'created' }]);
    expect(plan.ops.map((o) => [o.op, o.kind, o.expectVersion])).toEqual([
      ['put', 'services', 0],
      ['put', 'stacks', 0],
    ]);
    expect((plan.ops[0] as { value: Service }).value.specVersion).toBe(1);
  });

  it.each([
    ['an identical spec writes nothing', app(), app(), 'unchanged', 0],
    ['only replicas changed: scaled, same spec version', app(), app({ replicas: 5 }), 'scaled', 3],
    ['the image changed: updated, next spec version', app(), app({ container: { image: 'busybox:2' } }), 'updated', 4],
  ])('%s', (_what, before, after, change, specVersion) => {
    const existing = { stack: stackRecord(['web_app']), services: [stored(before)], networks: [] };
    const plan = planStackDeploy(stackSpec([after]), existing, opts);
    expect(plan.changes).toEqual([{ service: 'web_app', change }]);
    const puts = plan.ops.filter((o) => o.kind === 'services');
    if (change === 'unchanged') expect(plan.ops).toEqual([]);
    else {
      expect(puts).toHaveLength(1);
      expect(puts[0].expectVersion).toBe(7);
      expect((puts[0] as { value: Service }).value.specVersion).toBe(specVersion);
    }
  });

  it('a changed spec starts an update: the old spec becomes the previous one, the status says updating', () => {
    const before = stored(app({ container: { image: 'busybox:1' } }));
    const existing = {
      stack: stackRecord(['web_app']),
      services: [{ ...before, previousSpecVersion: 5 }],
      networks: [],
    };
    const plan = planStackDeploy(stackSpec([app({ container: { image: 'busybox:2' } })]), existing, opts);
    const value = (plan.ops.find((o) => o.kind === 'services') as { value: Service }).value;
    expect(value).toMatchObject({
      specVersion: 6,
      previousSpecVersion: 3,
      previousSpec: { container: { image: 'busybox:1' } },
      spec: { container: { image: 'busybox:2' } },
      updateStatus: { state: 'updating', message: 'update in progress', startedAt: NOW, completedAt: 0 },
    });
  });

  it('keeps the count of forced updates: a stack file never forces one', () => {
    const existing = { stack: stackRecord(['web_app']), services: [stored(app({ forceUpdate: 2 }))], networks: [] };
    expect(planStackDeploy(stackSpec([app()]), existing, opts).changes).toEqual([
      { service: 'web_app', change: 'unchanged' },
    ]);
    const updated = planStackDeploy(stackSpec([app({ container: { image: 'busybox:2' } })]), existing, opts);
    expect((updated.ops.find((o) => o.kind === 'services') as { value: Service }).value.spec.forceUpdate).toBe(2);
  });

  it('a scale leaves the update status and the previous spec alone', () => {
    const status = { state: 'completed', message: 'update completed', startedAt: 1, completedAt: 2 };
    const existing = {
      stack: stackRecord(['web_app']),
      services: [{ ...stored(app()), updateStatus: status }],
      networks: [],
    };
    const value = (
      planStackDeploy(stackSpec([app({ replicas: 5 })]), existing, opts).ops.find((o) => o.kind === 'services') as {
        value: Service;
      }
    ).value;
    expect(value).toMatchObject({ specVersion: 3, updateStatus: status, previousSpec: null });
  });

  it('prunes services of the stack that the file no longer names, guarded by their version', () => {
    const existing = {
      stack: stackRecord(['web_app', 'web_db']),
      services: [stored(app()), stored(makeSpec({ name: 'web_db', stack: 'web' }), 9)],
      networks: [],
    };
    const plan = planStackDeploy(stackSpec([app()]), existing, opts);
    expect(plan.changes).toEqual([
      { service: 'web_app', change: 'unchanged' },
      { service: 'web_db', change: 'removed' },
    ]);
    expect(plan.ops).toContainEqual({ op: 'delete', kind: 'services', id: 'svc-web_db', expectVersion: 9 });
  });

  it('keeps services missing from the file when prune is off', () => {
    const existing = {
      stack: stackRecord(['web_app', 'web_db']),
      services: [stored(app()), stored(makeSpec({ name: 'web_db', stack: 'web' }))],
      networks: [],
    };
    const plan = planStackDeploy(stackSpec([app()]), existing, { ...opts, prune: false });
    expect(plan.ops.filter((o) => o.op === 'delete')).toEqual([]);
  });

  it('never touches services of other stacks', () => {
    const other = stored(makeSpec({ name: 'shop_app', stack: 'shop' }));
    const plan = planStackDeploy(stackSpec([app()]), { services: [other], networks: [] }, opts);
    expect(plan.ops.some((o) => o.id === other.id)).toBe(false);
  });

  it('creates stack networks once and skips external ones', () => {
    const nets = [makeNetworkSpec(), makeNetworkSpec({ name: 'shared', stack: '', driver: '', external: true })];
    const plan = planStackDeploy(stackSpec([app()], nets), { services: [], networks: [] }, opts);
    expect(plan.ops.filter((o) => o.kind === 'networks')).toHaveLength(1);
    const existingNet: Network = { id: 'net1', meta: makeMeta({ version: 4 }), spec: nets[0], allocation: null };
    const again = planStackDeploy(stackSpec([app()], nets), { services: [], networks: [existingNet] }, opts);
    expect(again.ops.filter((o) => o.kind === 'networks')).toEqual([]);
  });
});

describe('networks belong to their stack', () => {
  const net = (id: string, spec: Parameters<typeof makeNetworkSpec>[0]): Network => ({
    id,
    meta: makeMeta({ version: 4 }),
    spec: makeNetworkSpec(spec),
    allocation: null,
  });
  const p1Default = net('p1net', { name: 'p1_default', stack: 'p1' });
  const shared = net('sharednet', { name: 'shared', stack: '' });
  const existing = { services: [stored(makeSpec({ name: 'p1_app', stack: 'p1' }))], networks: [p1Default, shared] };
  const joining = (network: Partial<NetworkSpec> & { name: string }): StackSpec => ({
    name: 'web',
    services: [app({ networks: [{ target: network.name, aliases: ['app'] }] })],
    networks: [makeNetworkSpec(network)],
  });
  const refusal = (spec: StackSpec) => {
    try {
      planStackDeploy(spec, existing, opts);
    } catch (e) {
      return e;
    }
    return undefined;
  };

  it.each([
    [
      "another stack's network, declared as the stack's own (name: p1_default)",
      { name: 'p1_default', stack: 'web' },
      'network p1_default belongs to stack p1: declare it external: true to use it (stack p1 keeps it)',
    ],
    [
      'a network made with shoal network create, declared as the stack own',
      { name: 'shared', stack: 'web' },
      'network shared was made with shoal network create: declare it external: true to use it',
    ],
  ])('refuses to take over %s, writing nothing', (_what, network, message) => {
    const err = refusal(joining(network));
    expect(err).toBeInstanceOf(InvalidSpecError);
    expect((err as InvalidSpecError).issues).toEqual([{ path: 'networks[0].name', message }]);
    expect(checkDeploy(joining(network), existing, true, 0)).toEqual([{ path: 'networks[0].name', message }]);
  });

  it.each([
    ['p1_default', 'p1net'],
    ['shared', 'sharednet'],
  ])('joins %s with external: true, writing nothing of it', (name) => {
    const plan = planStackDeploy(joining({ name, stack: '', driver: '', external: true }), existing, opts);
    expect(plan.ops.filter((o) => o.kind === 'networks')).toEqual([]);
    expect(plan.ops.find((o) => o.kind === 'stacks')).toMatchObject({ value: { networks: [] } });
  });

  it('refuses a service another stack owns', () => {
    const spec: StackSpec = { name: 'web', services: [makeSpec({ name: 'p1_app', stack: 'web' })], networks: [] };
    expect(checkDeploy(spec, existing, true, 0)).toEqual([
      { path: 'services[0].name', message: 'service p1_app already exists in stack p1' },
    ]);
    expect(() => planStackDeploy(spec, existing, opts)).toThrow(InvalidSpecError);
  });

  it('stack rm is refused while another stack uses one of its networks, and never removes a network of another', () => {
    const p2App = stored(
      makeSpec({ name: 'p2_app', stack: 'p2', networks: [{ target: 'p1_default', aliases: ['app'] }] }),
    );
    const p1App = stored(
      makeSpec({ name: 'p1_app', stack: 'p1', networks: [{ target: 'p1_default', aliases: ['app'] }] }),
    );
    const p1: Stack = { name: 'p1', meta: makeMeta(), services: ['p1_app'], networks: ['p1_default'] };
    const p2: Stack = { name: 'p2', meta: makeMeta(), services: ['p2_app'], networks: [] };
    const state = { services: [p1App, p2App], networks: [p1Default] };
    expect(() => planStackRemove({ ...state, stack: p1 })).toThrow(
      new FailedPreconditionError('network p1_default of stack p1 is in use by service p2_app; remove it first'),
    );
    expect(planStackRemove({ ...state, stack: p2 })).toEqual([
      { op: 'delete', kind: 'stacks', id: 'p2', expectVersion: 1 },
      { op: 'delete', kind: 'services', id: p2App.id, expectVersion: 7 },
    ]);
  });
});

describe('the cluster-wide task limit', () => {
  const many = (name: string, replicas: number) => stored(makeSpec({ name, stack: 'other', replicas }));
  const existing = { services: [many('other_a', 100_000)], networks: [] };

  it('refuses a deploy that takes the cluster over it, naming it', () => {
    const spec = stackSpec([app({ replicas: 50_001 })]);
    const issues = [
      {
        path: 'services',
        message: 'the cluster would want 150001 tasks, over the limit of 150000 (it wants 100000 now)',
      },
    ];
    expect(checkDeploy(spec, existing, true, 0)).toEqual(issues);
    expect(() => planStackDeploy(spec, existing, opts)).toThrow(new InvalidSpecError(issues));
    expect(checkDeploy(stackSpec([app({ replicas: 50_000 })]), existing, true, 0)).toEqual([]);
  });

  it('counts a global service once per node', () => {
    const spec = stackSpec([app({ mode: 'global', replicas: 0 })]);
    expect(checkDeploy(spec, existing, true, 50_000)).toEqual([]);
    expect(checkDeploy(spec, existing, true, 50_001)).toHaveLength(1);
  });

  it('counts what the deploy replaces or prunes only once', () => {
    const mine = {
      services: [
        stored(app({ replicas: 100_000 })),
        stored(makeSpec({ name: 'web_old', stack: 'web', replicas: 40_000 })),
      ],
      networks: [],
    };
    expect(checkDeploy(stackSpec([app({ replicas: 100_000 })]), mine, true, 0)).toEqual([]);
    expect(checkDeploy(stackSpec([app({ replicas: 100_000 })]), mine, false, 0)).toEqual([]);
    expect(
      checkDeploy(
        stackSpec([app({ replicas: 100_000 }), makeSpec({ name: 'web_new', stack: 'web', replicas: 20_000 })]),
        mine,
        false,
        0,
      ),
    ).toHaveLength(1);
  });

  it('leaves a service over its own replica limit to that limit', () => {
    expect(checkDeploy(stackSpec([app({ replicas: 1_000_000_000 })]), existing, true, 0)).toEqual([]);
  });
});

describe('specsEqualIgnoringReplicas', () => {
  it.each([
    [app(), app({ replicas: 9 }), true],
    [app(), app({ container: { env: ['A=1'] } }), false],
    [app({ labels: { a: '1', b: '2' } }), app({ labels: { b: '2', a: '1' } }), true],
  ])('case %#', (a, b, want) => {
    expect(specsEqualIgnoringReplicas(a, b)).toBe(want);
  });
});

describe('planStackRemove', () => {
  it('deletes the stack record, its services and its networks, each guarded', () => {
    const net: Network = { id: 'net1', meta: makeMeta({ version: 2 }), spec: makeNetworkSpec(), allocation: null };
    const ops = planStackRemove({
      stack: stackRecord(['web_app']),
      services: [stored(app()), stored(makeSpec({ name: 'x', stack: 'other' }))],
      networks: [net],
    });
    expect(ops).toEqual([
      { op: 'delete', kind: 'stacks', id: 'web', expectVersion: 5 },
      { op: 'delete', kind: 'services', id: 'svc-web_app', expectVersion: 7 },
      { op: 'delete', kind: 'networks', id: 'net1', expectVersion: 2 },
    ]);
  });
});
