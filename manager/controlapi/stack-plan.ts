// What a stack deploy or removal writes, pure: the store ops (each guarded by the version it was
// planned from) and the per-service change a user sees. A changed spec starts a rolling update.
import { canonicalJson } from '../state/canonical-json';
import type { Network, Service, ServiceSpec, Stack, StackSpec } from '../../proto/types';
import { withNewSpec } from '../orchestrator/update-status';
import type { WriteOp } from '../store/store';

export type ServiceChangeKind = 'created' | 'updated' | 'scaled' | 'unchanged' | 'removed';

export interface StackPlan {
  ops: WriteOp[];
  changes: { service: string; change: ServiceChangeKind }[];
}

export interface ExistingState {
  stack?: Stack;
  services: readonly Service[];
  networks: readonly Network[];
}

/** Spec equality ignoring `replicas`: a change of replicas alone scales without touching tasks. */
export function specsEqualIgnoringReplicas(a: ServiceSpec, b: ServiceSpec): boolean {
  return canonicalJson({ ...a, replicas: 0 }) === canonicalJson({ ...b, replicas: 0 });
}

function meta(now: number, createdAt = now) {
  return { version: 0, createdAt, updatedAt: now };
}

export function planStackDeploy(
  spec: StackSpec,
  existing: ExistingState,
  opts: { prune: boolean; now: number; newId: () => string },
): StackPlan {
  const ops: WriteOp[] = [];
  const changes: StackPlan['changes'] = [];
  const byName = new Map(existing.services.map((s) => [s.spec.name, s]));
  const networksByName = new Map(existing.networks.map((n) => [n.spec.name, n]));

  for (const n of spec.networks) {
    if (n.external) continue;
    const old = networksByName.get(n.name);
    if (old && canonicalJson(old.spec) === canonicalJson(n)) continue;
    const value: Network = {
      id: old?.id ?? opts.newId(),
      meta: meta(opts.now, old?.meta?.createdAt),
      spec: n,
      allocation: old?.allocation ?? null,
    };
    ops.push({ op: 'put', kind: 'networks', id: value.id, value, expectVersion: old?.meta?.version ?? 0 });
  }

  for (const file of spec.services) {
    const old = byName.get(file.name);
    if (!old) {
      const value: Service = {
        id: opts.newId(),
        meta: meta(opts.now),
        spec: file,
        specVersion: 1,
        virtualIps: [],
        updateStatus: null,
        previousSpec: null,
        previousSpecVersion: 0,
        rebalanceRequested: false,
      };
      ops.push({ op: 'put', kind: 'services', id: value.id, value, expectVersion: 0 });
      changes.push({ service: file.name, change: 'created' });
      continue;
    }
    // A stack file never forces an update: the service keeps its count, as with docker stack deploy.
    const s: ServiceSpec = { ...file, forceUpdate: old.spec.forceUpdate };
    if (canonicalJson(old.spec) === canonicalJson(s)) {
      changes.push({ service: s.name, change: 'unchanged' });
      continue;
    }
    const onlyScaled = specsEqualIgnoringReplicas(old.spec, s);
    const changed = onlyScaled ? { ...old, spec: s } : withNewSpec(old, s, opts.now);
    const value: Service = { ...changed, meta: meta(opts.now, old.meta?.createdAt) };
    ops.push({ op: 'put', kind: 'services', id: old.id, value, expectVersion: old.meta?.version ?? 0 });
    changes.push({ service: s.name, change: onlyScaled ? 'scaled' : 'updated' });
  }

  const wanted = new Set(spec.services.map((s) => s.name));
  const kept: string[] = [...wanted];
  for (const old of existing.services) {
    if (old.spec.stack !== spec.name || wanted.has(old.spec.name)) continue;
    if (opts.prune) {
      ops.push({ op: 'delete', kind: 'services', id: old.id, expectVersion: old.meta?.version ?? 0 });
      changes.push({ service: old.spec.name, change: 'removed' });
    } else kept.push(old.spec.name);
  }

  const stackNetworks = spec.networks.filter((n) => !n.external).map((n) => n.name);
  const stack: Stack = {
    name: spec.name,
    meta: meta(opts.now, existing.stack?.meta?.createdAt),
    services: kept.sort(),
    networks: stackNetworks.sort(),
  };
  if (!existing.stack || canonicalJson({ ...existing.stack, meta: null }) !== canonicalJson({ ...stack, meta: null })) {
    ops.push({
      op: 'put',
      kind: 'stacks',
      id: spec.name,
      value: stack,
      expectVersion: existing.stack?.meta?.version ?? 0,
    });
  }
  changes.sort((a, b) => a.service.localeCompare(b.service));
  return { ops, changes };
}

/**
 * Removing a stack: its record, its services and the networks it created. Tasks are then shut down by the orchestrator.
 */
export function planStackRemove(existing: ExistingState & { stack: Stack }): WriteOp[] {
  const ops: WriteOp[] = [
    { op: 'delete', kind: 'stacks', id: existing.stack.name, expectVersion: existing.stack.meta?.version ?? 0 },
  ];
  for (const s of existing.services) {
    if (s.spec.stack === existing.stack.name)
      ops.push({ op: 'delete', kind: 'services', id: s.id, expectVersion: s.meta?.version ?? 0 });
  }
  for (const n of existing.networks) {
    if (n.spec.stack === existing.stack.name)
      ops.push({ op: 'delete', kind: 'networks', id: n.id, expectVersion: n.meta?.version ?? 0 });
  }
  return ops;
}
