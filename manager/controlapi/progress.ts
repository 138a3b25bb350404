// Convergence of services, pure: what `stack deploy`, `service scale` and `service update` show
// while they wait. A service is converged when its desired count runs its current spec, nothing it
// stopped still runs, no update of it is in progress and no rebalance of it was requested.
import { taskName } from '../../domain/naming';
import { isTerminal } from '../../domain/task-state';
import { isUpdateInProgress } from '../../domain/update-state';
import type { Node, Service, Task } from '../../proto/types';
import type { ProgressSnapshot__Output } from '../../proto/generated/shoal/v1/ProgressSnapshot';
import type { ServiceProgress__Output } from '../../proto/generated/shoal/v1/ServiceProgress';

export function isRunning(t: Task): boolean {
  return t.desiredState === 'running' && t.status?.state === 'running';
}

/** Running tasks count toward a service only when they run its current spec. */
export function countRunning(service: Service, tasks: readonly Task[]): number {
  return tasks.filter((t) => isRunning(t) && t.specVersion === service.specVersion).length;
}

export function desiredCount(service: Service, tasks: readonly Task[]): number {
  if (service.spec.mode === 'global') return tasks.filter((t) => t.desiredState === 'running').length;
  return service.spec.replicas;
}

function newestPerSlot(tasks: readonly Task[]): Task[] {
  const newest = new Map<string, Task>();
  for (const t of tasks) {
    const key = t.slot > 0 ? `s${t.slot}` : `n${t.nodeId}`;
    const cur = newest.get(key);
    if (!cur || (t.meta?.createdAt ?? 0) > (cur.meta?.createdAt ?? 0)) newest.set(key, t);
  }
  return [...newest.values()];
}

export function summarizeService(
  service: Service | undefined,
  name: string,
  tasks: readonly Task[],
  nodesById: ReadonlyMap<string, Node>,
): ServiceProgress__Output {
  if (!service) {
    const live = tasks.filter((t) => !isTerminal(t.status?.state ?? 'new'));
    return {
      service: name,
      desired: 0,
      running: 0,
      converged: live.length === 0,
      tasks: [],
      removed: true,
      updateState: '',
      updateMessage: '',
    };
  }
  const desired = desiredCount(service, tasks);
  const running = countRunning(service, tasks);
  const stale = tasks.filter(
    (t) => t.desiredState !== 'running' && !isTerminal(t.status?.state ?? 'new') && t.nodeId !== '',
  );
  const staleOnLiveNodes = stale.filter((t) => nodesById.get(t.nodeId)?.status === 'ready');
  const notRunning = newestPerSlot(tasks).filter(
    (t) => (t.desiredState === 'running' && !isRunning(t)) || ['failed', 'rejected'].includes(t.status?.state ?? ''),
  );
  const update = service.updateStatus;
  return {
    service: service.spec.name,
    desired,
    running,
    converged:
      running === desired &&
      staleOnLiveNodes.length === 0 &&
      !isUpdateInProgress(update?.state) &&
      !service.rebalanceRequested,
    removed: false,
    updateState: update?.state ?? '',
    updateMessage: update?.message ?? '',
    tasks: notRunning
      .sort((a, b) => a.slot - b.slot || a.nodeId.localeCompare(b.nodeId))
      .map((t) => ({
        name: taskName(service.spec.name, t.slot, t.nodeId),
        state: t.status?.state ?? 'new',
        message: t.status?.message ?? '',
        err: t.status?.err ?? '',
        node: nodesById.get(t.nodeId)?.description?.hostname ?? '',
      })),
  };
}

export function summarizeProgress(services: ServiceProgress__Output[]): ProgressSnapshot__Output {
  return { services, converged: services.every((s) => s.converged) };
}
