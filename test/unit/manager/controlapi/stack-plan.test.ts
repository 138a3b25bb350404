import { describe, expect, it } from 'vitest';
import {
  planStackDeploy,
  planStackRemove,
  specsEqualIgnoringReplicas,
} from '../../../../manager/controlapi/stack-plan';
import type { Network, Service, Stack, StackSpec } from '../../../../proto/types';
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
