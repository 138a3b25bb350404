// Control API: stacks. A deploy is validated in full, then written in one all-or-nothing commit.
import { InvalidSpecError, NotFoundError } from '../../proto/errors';
import type { DeployStackRequest__Output } from '../../proto/generated/shoal/v1/DeployStackRequest';
import type { DeployStackResponse__Output } from '../../proto/generated/shoal/v1/DeployStackResponse';
import type { ListStacksResponse__Output } from '../../proto/generated/shoal/v1/ListStacksResponse';
import type { RemoveStackResponse__Output } from '../../proto/generated/shoal/v1/RemoveStackResponse';
import type { StackSpec } from '../../proto/types';
import { asValidStackSpec, validateStackSpec } from './validation';
import { planAndCommit, type ControlDeps } from './deps';
import { checkNetworkSubnets } from './networks';
import { planPublishedPorts, type PublishedPortsInput } from './published-ports';
import { checkDeploy, planStackDeploy, planStackRemove } from './stack-plan';

function existingState(deps: ControlDeps, stackName: string) {
  return {
    stack: deps.state.get('stacks', stackName),
    services: deps.state.list('services'),
    networks: deps.state.list('networks'),
  };
}

/** The nodes a global service may run on, at most: the cluster-wide task limit counts one task on each. */
function nodeCount(deps: ControlDeps): number {
  return deps.state.list('nodes').length;
}

/**
 * The deploy's services, what they were, and the services that keep their ports: other stacks', and
 * this one's unless pruned.
 */
function portsInput(deps: ControlDeps, spec: StackSpec, prune: boolean): PublishedPortsInput {
  const names = new Set(spec.services.map((s) => s.name));
  const existing = deps.state.list('services');
  return {
    services: spec.services,
    previous: new Map(existing.filter((s) => names.has(s.spec.name)).map((s) => [s.spec.name, s.spec])),
    others: existing
      .filter((s) => !names.has(s.spec.name) && !(prune && s.spec.stack === spec.name))
      .map((s) => s.spec),
  };
}

export async function deployStack(
  deps: ControlDeps,
  req: DeployStackRequest__Output,
): Promise<DeployStackResponse__Output> {
  if (!req.stack) throw new InvalidSpecError([{ path: 'stack', message: 'a stack is required' }]);
  const wire = req.stack;
  const known = new Set(
    deps.state
      .list('networks')
      .filter((n) => n.spec.stack !== wire.name)
      .map((n) => n.spec.name),
  );
  const issues = validateStackSpec(wire, known);
  issues.push(...checkDeploy(wire, existingState(deps, wire.name), req.prune, nodeCount(deps)));
  issues.push(...checkNetworkSubnets(wire.networks, deps.state.list('networks')));
  if (issues.length) throw new InvalidSpecError(issues);
  const valid: StackSpec = asValidStackSpec(wire);
  const ports = planPublishedPorts(portsInput(deps, valid, req.prune));
  if (ports.issues.length) throw new InvalidSpecError(ports.issues);
  const spec: StackSpec = { ...valid, services: ports.services };

  const changes = await planAndCommit(deps, `deploy stack ${spec.name}`, () => {
    const plan = planStackDeploy(spec, existingState(deps, spec.name), {
      prune: req.prune,
      now: deps.clock.now(),
      newId: deps.newId,
      nodes: nodeCount(deps),
    });
    return { ops: plan.ops, result: plan.changes };
  });
  deps.logger.info({ 'stack.name': spec.name, changes }, 'stack deployed');
  return { changes, warnings: [] };
}

export function listStacks(deps: ControlDeps): ListStacksResponse__Output {
  const counts = new Map<string, number>();
  for (const s of deps.state.list('services'))
    if (s.spec.stack) counts.set(s.spec.stack, (counts.get(s.spec.stack) ?? 0) + 1);
  for (const st of deps.state.list('stacks')) if (!counts.has(st.name)) counts.set(st.name, 0);
  return { stacks: [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([name, services]) => ({ name, services })) };
}

export async function removeStack(deps: ControlDeps, name: string): Promise<RemoveStackResponse__Output> {
  const existing = await planAndCommit(deps, `remove stack ${name}`, () => {
    const now = existingState(deps, name);
    if (!now.stack) throw new NotFoundError('stack', name);
    return { ops: planStackRemove({ ...now, stack: now.stack }), result: now };
  });
  const removedServices = existing.services
    .filter((s) => s.spec.stack === name)
    .map((s) => s.spec.name)
    .sort();
  const removedNetworks = existing.networks
    .filter((n) => n.spec.stack === name)
    .map((n) => n.spec.name)
    .sort();
  deps.logger.info({ 'stack.name': name, services: removedServices }, 'stack removed');
  return { removedServices, removedNetworks };
}
