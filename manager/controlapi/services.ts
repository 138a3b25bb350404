// Control API: services and their tasks.
import { clusterTasksProblem, desiredTasks, replicasProblem } from '../../domain/limits';
import { InvalidArgumentError } from '../../proto/errors';
import type { ListServicesRequest__Output } from '../../proto/generated/shoal/v1/ListServicesRequest';
import type { ListTasksRequest__Output } from '../../proto/generated/shoal/v1/ListTasksRequest';
import type { ScaleServicesRequest__Output } from '../../proto/generated/shoal/v1/ScaleServicesRequest';
import type { ServiceView__Output } from '../../proto/generated/shoal/v1/ServiceView';
import type { TaskView__Output } from '../../proto/generated/shoal/v1/TaskView';
import type { Service } from '../../proto/types';
import type { WriteOp } from '../store/store';
import { planAndCommit, type ControlDeps } from './deps';
import { countRunning, desiredCount } from './progress';
import { resolveNode, resolveService } from './resolve';
import { invalidServiceView, invalidTaskView, toInvalidService, type InvalidService } from './invalid-views';

/** Every service, with those set aside as invalid: they are listed, inspected and removed as the others. */
function allServices(deps: ControlDeps): (Service | InvalidService)[] {
  return [...deps.state.list('services'), ...deps.state.invalid('services').map(toInvalidService)];
}

function view(deps: ControlDeps, service: Service | InvalidService): ServiceView__Output {
  if ('invalid' in service) return invalidServiceView(service);
  const tasks = deps.state.tasksOf(service.id);
  return { service, replicas: { desired: desiredCount(service, tasks), running: countRunning(service, tasks) } };
}

export function listServices(deps: ControlDeps, req: ListServicesRequest__Output): ServiceView__Output[] {
  const all = allServices(deps);
  const stack = req.filter?.stack ?? '';
  const names = req.filter?.names ?? [];
  const chosen = names.length
    ? names.map((n) => resolveService(all, n))
    : all.filter((s) => !stack || s.spec.stack === stack);
  return chosen.sort((a, b) => a.spec.name.localeCompare(b.spec.name)).map((s) => view(deps, s));
}

export function getService(deps: ControlDeps, name: string): ServiceView__Output {
  return view(deps, resolveService(allServices(deps), name));
}

/** The tasks the whole cluster wants now (domain/limits.ts counts them), for the limit on that count. */
export function clusterDesiredTasks(deps: ControlDeps): number {
  return desiredTasks(
    deps.state.list('services').map((s) => s.spec),
    deps.state.list('nodes').length,
  );
}

/**
 * Throws (naming the limit) when changing services' replicas, each `from` → `to`, would take the cluster
 * over the tasks it may want.
 */
export function checkClusterTasks(deps: ControlDeps, changes: readonly { from: number; to: number }[]): void {
  const before = clusterDesiredTasks(deps);
  const after = changes.reduce((n, c) => n - c.from + c.to, before);
  const problem = clusterTasksProblem(before, after);
  if (problem) throw new InvalidArgumentError(problem);
}

export async function scaleServices(deps: ControlDeps, req: ScaleServicesRequest__Output): Promise<string[]> {
  if (req.entries.length === 0) throw new InvalidArgumentError('nothing to scale: give SERVICE=REPLICAS');
  const scaled = await planAndCommit(deps, 'scale services', () => {
    const all = deps.state.list('services');
    const wanted = new Map<string, { service: Service; replicas: number }>();
    for (const e of req.entries) {
      const s = resolveService(all, e.service);
      if (s.spec.mode !== 'replicated')
        throw new InvalidArgumentError(`${s.spec.name}: scale can only be used with replicated mode`);
      const problem = replicasProblem(e.replicas);
      if (problem) throw new InvalidArgumentError(`${s.spec.name}: ${problem}`);
      wanted.set(s.id, { service: s, replicas: e.replicas });
    }
    checkClusterTasks(
      deps,
      [...wanted.values()].map(({ service, replicas }) => ({ from: service.spec.replicas, to: replicas })),
    );
    const ops: WriteOp[] = [];
    for (const { service: s, replicas } of wanted.values()) {
      if (s.spec.replicas === replicas) continue;
      const value: Service = { ...s, spec: { ...s.spec, replicas }, meta: { ...s.meta, updatedAt: deps.clock.now() } };
      ops.push({ op: 'put', kind: 'services', id: s.id, value, expectVersion: s.meta.version });
    }
    return { ops, result: [...wanted.values()] };
  });
  for (const { service: s, replicas } of scaled)
    deps.logger.info({ 'service.name': s.spec.name, from: s.spec.replicas, to: replicas }, 'service scaled');
  return scaled.map(({ service }) => service.spec.name);
}

export async function removeServices(deps: ControlDeps, names: readonly string[]): Promise<string[]> {
  const chosen = await planAndCommit(deps, 'remove services', () => {
    const all = allServices(deps);
    const services = [...new Map(names.map((n) => resolveService(all, n)).map((s) => [s.id, s])).values()];
    const versionOf = (s: Service | InvalidService) => ('invalid' in s ? s.invalid.version : s.meta.version);
    return {
      ops: services.map((s): WriteOp => ({ op: 'delete', kind: 'services', id: s.id, expectVersion: versionOf(s) })),
      result: services,
    };
  });
  for (const s of chosen) deps.logger.info({ 'service.name': s.spec.name }, 'service removed');
  return chosen.map((s) => s.spec.name);
}

export function listTasks(deps: ControlDeps, req: ListTasksRequest__Output): TaskView__Output[] {
  const services = allServices(deps);
  const nodes = deps.state.list('nodes');
  const nodeId = req.node ? resolveNode(nodes, req.node).id : '';
  let serviceIds: Set<string> | undefined;
  if (req.services.length) serviceIds = new Set(req.services.map((n) => resolveService(services, n).id));
  else if (req.stack) serviceIds = new Set(services.filter((s) => s.spec.stack === req.stack).map((s) => s.id));
  const tasks = serviceIds ? [...serviceIds].flatMap((id) => deps.state.tasksOf(id)) : deps.state.list('tasks');
  const hostnames = new Map(nodes.map((n) => [n.id, n.description?.hostname ?? '']));
  // Invalid objects are on no node; each shows as a rejected row under its service.
  const invalid = nodeId ? [] : [...deps.state.invalid('services'), ...deps.state.invalid('tasks')];
  return [
    ...tasks
      .filter((t) => !nodeId || t.nodeId === nodeId)
      .map((task) => ({ task, nodeHostname: hostnames.get(task.nodeId) ?? '' })),
    ...invalid
      .filter((b) => !serviceIds || serviceIds.has(b.kind === 'services' ? b.id : b.serviceId))
      .map(invalidTaskView),
  ];
}
