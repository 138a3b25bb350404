// Convergence of services, pure: what `stack deploy`, `service scale` and `service update` show
// while they wait. A service is converged when its desired count runs its current spec, nothing it
// stopped still runs, no update of it is in progress and no rebalance of it was requested. Progress
// goes out as batches of the services that changed, each batch cut into messages within a budget, so
// a deploy of 10,000 services, or one of 100,000 replicas, never makes a message over gRPC's 4 MiB.
import { chunk } from '../../lib/chunk';
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

/** Tasks listed per service: a screenful; the others are counted in `tasksNotShown`. */
export const MAX_PROGRESS_TASKS = 20;
/** A task's message or error, or an update's message, is cut here: a line on a terminal, not a log. */
export const MAX_PROGRESS_TEXT = 1024;

function cut(text: string): string {
  return text.length > MAX_PROGRESS_TEXT ? `${text.slice(0, MAX_PROGRESS_TEXT - 3)}...` : text;
}

export function summarizeService(
  service: Service | undefined,
  name: string,
  tasks: readonly Task[],
  nodesById: Pick<ReadonlyMap<string, Node>, 'get'>,
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
      tasksNotShown: 0,
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
    updateMessage: cut(update?.message ?? ''),
    tasks: notRunning
      .sort((a, b) => a.slot - b.slot || a.nodeId.localeCompare(b.nodeId))
      .slice(0, MAX_PROGRESS_TASKS)
      .map((t) => ({
        name: taskName(service.spec.name, t.slot, t.nodeId),
        state: t.status?.state ?? 'new',
        message: cut(t.status?.message ?? ''),
        err: cut(t.status?.err ?? ''),
        node: nodesById.get(t.nodeId)?.description?.hostname ?? '',
      })),
    tasksNotShown: Math.max(0, notRunning.length - MAX_PROGRESS_TASKS),
  };
}

export interface ProgressLimits {
  maxBytes: number;
  maxServices: number;
}

/**
 * 1 MiB of encoded services a message and 1,000 services, as for the list calls: one service's
 * progress is at most 20 tasks of a few KiB (MAX_PROGRESS_TASKS, MAX_PROGRESS_TEXT) and its names, so
 * far under the budget, and a 10,000-service deploy's first batch is about ten messages.
 */
export const PROGRESS_LIMITS: ProgressLimits = { maxBytes: 1024 * 1024, maxServices: 1000 };

/**
 * The messages of one batch: `changed` (the services whose progress differs from what was sent) cut
 * within `limits`, the last marked `batchEnd` with `converged` (every followed service is). A first
 * batch is at least one message, so the client learns the state even of an empty list; a later batch
 * with no change is none.
 */
export function planProgressMessages(
  changed: readonly ServiceProgress__Output[],
  converged: boolean,
  first: boolean,
  sizeOf: (s: ServiceProgress__Output) => number,
  limits: ProgressLimits = PROGRESS_LIMITS,
): ProgressSnapshot__Output[] {
  const runs = chunk(changed, limits.maxServices, limits.maxBytes, sizeOf);
  if (first && runs.length === 0) runs.push([]);
  return runs.map((services, i) => {
    const end = i === runs.length - 1;
    return { services, converged: end && converged, batchEnd: end };
  });
}
