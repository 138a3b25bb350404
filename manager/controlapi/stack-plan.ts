// What a stack deploy or removal writes, pure: the store ops (each guarded by the version it was
// planned from) and the per-service change a user sees. A changed spec starts a rolling update. A stack
// owns the services and networks it created (their `stack`): a deploy never writes over another's, and
// a removal never deletes a network another stack still uses. Both throw instead, writing nothing.
import { canonicalJson } from '../state/canonical-json';
import { clusterTasksProblem, desiredTasks, replicasProblem } from '../../domain/limits';
import { FailedPreconditionError, InvalidSpecError, type SpecIssue } from '../../proto/errors';
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

/**
 * Why the stack may not create or take over network `name`, given who owns the networks outside it (by
 * name: the other stack, or "" for a network made with `shoal network create`); undefined: it may. A
 * stack creates or uses only networks of its own; another stack's network, or a cluster-wide one, is
 * reached with `external: true` and stays its owner's.
 */
export function networkTakeoverProblem(name: string, owners: ReadonlyMap<string, string>): string | undefined {
  const owner = owners.get(name);
  if (owner === undefined) return undefined;
  return owner
    ? `network ${name} belongs to stack ${owner}: declare it external: true to use it (stack ${owner} keeps it)`
    : `network ${name} was made with shoal network create: declare it external: true to use it`;
}

/** What a deploy needs of a spec to be checked against the cluster: valid or straight from the wire. */
export interface DeployShape {
  name: string;
  services: readonly Pick<ServiceSpec, 'name' | 'mode' | 'replicas'>[];
  networks: readonly { name: string; external: boolean }[];
}

/**
 * Why the deploy may not be written over `existing`: a service or network of the spec that another
 * stack (or no stack) owns, or more tasks than the cluster may want (`nodes` count for a global service).
 * The control API checks it up front, with the spec's other issues; planStackDeploy again against the
 * state it plans from, so that a race cannot slip past.
 */
export function checkDeploy(spec: DeployShape, existing: ExistingState, prune: boolean, nodes: number): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const owners = new Map(
    existing.networks.filter((n) => n.spec.stack !== spec.name).map((n) => [n.spec.name, n.spec.stack]),
  );
  for (const [i, n] of spec.networks.entries()) {
    const problem = n.external ? undefined : networkTakeoverProblem(n.name, owners);
    if (problem) issues.push({ path: `networks[${i}].name`, message: problem });
  }
  const names = new Set(spec.services.map((s) => s.name));
  for (const [i, s] of spec.services.entries()) {
    const clash = existing.services.find((o) => o.spec.name === s.name && o.spec.stack !== spec.name);
    if (clash)
      issues.push({
        path: `services[${i}].name`,
        message: `service ${s.name} already exists in ${clash.spec.stack ? `stack ${clash.spec.stack}` : 'no stack'}`,
      });
  }
  // A service over its own replica limit is refused for that; the cluster's count would only say it again.
  if (spec.services.some((s) => s.mode !== 'global' && replicasProblem(s.replicas))) return issues;
  const before = desiredTasks(
    existing.services.map((s) => s.spec),
    nodes,
  );
  const kept = existing.services.filter((s) => !names.has(s.spec.name) && !(prune && s.spec.stack === spec.name));
  const after = desiredTasks([...kept.map((s) => s.spec), ...spec.services], nodes);
  const tooMany = clusterTasksProblem(before, after);
  if (tooMany) issues.push({ path: 'services', message: tooMany });
  return issues;
}

export function planStackDeploy(
  spec: StackSpec,
  existing: ExistingState,
  opts: { prune: boolean; now: number; newId: () => string; nodes?: number },
): StackPlan {
  const issues = checkDeploy(spec, existing, opts.prune, opts.nodes ?? 0);
  if (issues.length) throw new InvalidSpecError(issues);
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
 * Removing a stack: its record, its services and the networks it created. Tasks are then shut down by the
 * orchestrator. Refused (FailedPreconditionError) while a service of another stack uses one of its
 * networks (declared external there), as `network rm` is while a service uses the network.
 */
export function planStackRemove(existing: ExistingState & { stack: Stack }): WriteOp[] {
  const name = existing.stack.name;
  const ops: WriteOp[] = [{ op: 'delete', kind: 'stacks', id: name, expectVersion: existing.stack.meta?.version ?? 0 }];
  for (const s of existing.services) {
    if (s.spec.stack === name)
      ops.push({ op: 'delete', kind: 'services', id: s.id, expectVersion: s.meta?.version ?? 0 });
  }
  const owned = existing.networks.filter((n) => n.spec.stack === name);
  const users = existing.services.filter(
    (s) => s.spec.stack !== name && s.spec.networks.some((a) => owned.some((n) => n.spec.name === a.target)),
  );
  if (users.length) {
    const used = owned.filter((n) => users.some((s) => s.spec.networks.some((a) => a.target === n.spec.name)));
    const networks = used.map((n) => n.spec.name).sort();
    const services = users.map((s) => s.spec.name).sort();
    const plural = (xs: string[], word: string) => `${word}${xs.length > 1 ? 's' : ''} ${xs.join(', ')}`;
    throw new FailedPreconditionError(
      `${plural(networks, 'network')} of stack ${name} ${networks.length > 1 ? 'are' : 'is'} in use by ` +
        `${plural(services, 'service')}; remove ${services.length > 1 ? 'them' : 'it'} first`,
    );
  }
  for (const n of owned) ops.push({ op: 'delete', kind: 'networks', id: n.id, expectVersion: n.meta?.version ?? 0 });
  return ops;
}
