// What the worker does next, pure: from the tasks assigned to this node, the containers the engine
// has, and what the worker already did for each task, the actions that bring the two together.
//
// The rules, in the order they are checked:
// - A task this agent already reported ended (complete, failed, rejected, shutdown) is never touched
//   again while it is assigned: the manager replaces it with a new task.
// - An assigned task with no container is started, unless it had one (this agent created it, or the
//   manager knows a container id for it): then the container was removed behind the agent's back and
//   the task failed. A task never gets a second container.
// - An assigned task's running container is adopted: reported running (starting while its healthcheck
//   has not passed), never restarted. A container created but never started is started.
// - A running container whose healthcheck reports it unhealthy fails its task ("unhealthy container")
//   and is stopped; the manager replaces the task per its restart policy.
// - An assigned task's dead container is reported (exit 0: complete; otherwise failed) and left for
//   the manager to retire; the agent never restarts it.
// - A container whose task is not assigned is stopped and removed (and reported shut down), but only
//   once a complete assignment set has arrived in this process: an agent that just restarted does not
//   know yet what is its own, and kills nothing until it does.
// - A task on networks starts only once each of its networks exists on the engine (the network agent
//   makes them from the network map); until then it waits in `preparing`.
// - A running container on a network is stopped only once the network map this host last applied no
//   longer has its address as a DNS, VIP or published-port backend and STOP_SETTLE_MS have passed since
//   it was taken away (the other hosts apply the same map meanwhile), or after STOP_DRAIN_MAX_MS, so
//   clients on every host stop being sent to it before it goes away.
// - A task's start that the engine refuses in a way no retry can change (isFinalRefusal) ends the task
//   as rejected, with the engine's message, as Swarm does: the manager's restart policy replaces it. Any
//   other failure (an unreachable engine, a server error at the image check) is retried with backoff.
import { isTerminal } from '../domain/task-state';
import { FailedPreconditionError, InvalidArgumentError, isTransient } from '../proto/errors';
import type { Task, TaskState } from '../proto/types';
import { EngineServerError, type ContainerInfo } from './runtime/container-runtime';
import { toNetworkConnects } from './runtime/container-spec';

/**
 * The least a task on a network waits once taken away before it is stopped: the manager sends the map
 * without it to every node at once, and each applies it within a few hundred milliseconds (a 100 ms
 * gathering of changes, then nft), so by then no host sends a new connection its way.
 */
export const STOP_SETTLE_MS = 500;

/**
 * The longest a task taken away waits for the network map without it: the manager sends it to every
 * node within tens of milliseconds, so 1 s covers a slow host while a lost map stream delays a stop
 * by no more than that.
 */
export const STOP_DRAIN_MAX_MS = 1000;

/** What the worker has done for one task in this process. */
export interface TaskProgress {
  /** The last state reported for the task, '' if none yet. */
  reported: TaskState | '';
  /** The container the task runs in, once created; '' before. */
  containerId: string;
  /** The message of the last report, so that a new fact (health) is reported once. */
  message: string;
  /** Consecutive failed attempts of the task's last action, and when it may be tried again (epoch ms). */
  failures: number;
  retryAt: number;
  /** Set when a running task on a network was taken away (epoch ms): its stop waits from then on. */
  drainSince?: number;
}

/** A status report, without its timestamp (the worker stamps it when it sends it). */
export interface StatusReport {
  state: TaskState;
  message: string;
  err: string;
  containerId: string;
  exitCode: number;
}

export type WorkerAction =
  /** Check (or pull) the image, create the container, start it. */
  | { kind: 'start'; task: Task }
  /**
   * Start a container that was created but never started (the agent stopped in between), joining
   * the networks it misses first.
   */
  | { kind: 'start-created'; task: Task; containerId: string; connect: { network: string; ipv4: string }[] }
  | { kind: 'report'; taskId: string; report: StatusReport }
  /** Report a running container's task failed (it turned unhealthy), then stop the container. */
  | { kind: 'fail'; taskId: string; containerId: string; report: StatusReport }
  /** Stop a container whose task is not assigned, report the task shut down, remove the container. */
  | { kind: 'stop'; taskId: string; containerId: string }
  /** Remove a dead container whose task is not assigned; report first when given. */
  | { kind: 'remove'; taskId: string; containerId: string; report?: StatusReport };

export interface WorkerSnapshot {
  /** The tasks this node must run: the last complete set with the incremental changes applied. */
  assigned: ReadonlyMap<string, Task>;
  /** Whether a complete assignment set has arrived since this process started. */
  haveCompleteSet: boolean;
  containers: readonly ContainerInfo[];
  progress: ReadonlyMap<string, TaskProgress>;
  now: number;
  /** Ids of the overlay networks that exist on the engine now; absent: none. */
  readyNetworks?: ReadonlySet<string>;
  /** Task addresses that are DNS or VIP backends in the network map this host last applied; absent: none. */
  backends?: ReadonlySet<string>;
}

export interface WorkerPlan {
  actions: WorkerAction[];
  /** Tasks with neither an assignment nor a container: their progress can be dropped. */
  forget: string[];
  /**
   * Running tasks on a network taken away that start waiting now before their stop: the worker
   * records `since` as their drainSince.
   */
  drains: { taskId: string; since: number }[];
  /** The earliest time a task waiting to retry (or draining) may be tried again, if any waits. */
  wakeAt?: number;
}

/** Ended in this process's reports: nothing more to do for it while it stays assigned. */
function ended(p: TaskProgress | undefined): boolean {
  return p !== undefined && p.reported !== '' && isTerminal(p.reported);
}

const ACTIVE: ReadonlySet<string> = new Set(['running', 'paused', 'restarting']);
const DEAD: ReadonlySet<string> = new Set(['exited', 'dead']);

/** How a dead container's task ended. */
export function toExitReport(c: ContainerInfo): StatusReport {
  const base = { containerId: c.id, exitCode: c.exitCode };
  if (c.oomKilled) return { ...base, state: 'failed', message: 'container ended', err: 'OOM killed' };
  if (c.exitCode === 0) return { ...base, state: 'complete', message: 'finished', err: '' };
  return { ...base, state: 'failed', message: 'container ended', err: `task: non-zero exit (${c.exitCode})` };
}

/**
 * What a running container of an assigned task is: running, starting while its healthcheck has not
 * passed, failed once unhealthy.
 */
function toRunningReport(c: ContainerInfo): StatusReport {
  const base = { containerId: c.id, err: '', exitCode: 0 };
  if (c.health === 'unhealthy')
    return { ...base, state: 'failed', message: 'health: unhealthy', err: 'unhealthy container' };
  if (c.health === 'starting') return { ...base, state: 'starting', message: 'health: starting' };
  return { ...base, state: 'running', message: c.health === 'healthy' ? 'health: healthy' : 'started' };
}

function isNew(p: TaskProgress | undefined, r: StatusReport): boolean {
  return !p || p.reported !== r.state || p.containerId !== r.containerId || p.message !== r.message;
}

/** One container per task: the running one when there are several (only possible if someone copied the label). */
function containersByTask(containers: readonly ContainerInfo[]): Map<string, ContainerInfo> {
  const byTask = new Map<string, ContainerInfo>();
  for (const c of containers) {
    const prev = byTask.get(c.taskId);
    if (!prev || (!ACTIVE.has(prev.state) && ACTIVE.has(c.state))) byTask.set(c.taskId, c);
  }
  return byTask;
}

/** The task's networks that do not exist on the engine yet. */
function missingNetworks(task: Task, ready: ReadonlySet<string>): string[] {
  return task.addresses.filter((a) => !ready.has(a.networkId)).map((a) => a.network);
}

/** The task waits for its networks: reported once, in `preparing`. */
function waitForNetworks(task: Task, p: TaskProgress | undefined, missing: string[]): WorkerAction | undefined {
  const report: StatusReport = {
    state: 'preparing',
    message: `waiting for network ${missing.join(', ')}`,
    err: '',
    containerId: '',
    exitCode: 0,
  };
  return isNew(p, report) ? { kind: 'report', taskId: task.id, report } : undefined;
}

function planAssigned(
  task: Task,
  c: ContainerInfo | undefined,
  p: TaskProgress | undefined,
  waiting: boolean,
  ready: ReadonlySet<string>,
): WorkerAction | undefined {
  if (ended(p)) return undefined;
  if (!c) {
    const hadContainer = p?.containerId || task.status.containerId;
    if (hadContainer) {
      const report: StatusReport = {
        state: 'failed',
        message: 'container removed',
        err: 'task: container removed outside Shoal',
        containerId: hadContainer,
        exitCode: 0,
      };
      return { kind: 'report', taskId: task.id, report };
    }
    if (waiting) return undefined;
    const missing = missingNetworks(task, ready);
    return missing.length > 0 ? waitForNetworks(task, p, missing) : { kind: 'start', task };
  }
  if (c.state === 'created') {
    if (waiting) return undefined;
    const missing = missingNetworks(task, ready);
    if (missing.length > 0) return waitForNetworks(task, p, missing);
    const attached = new Set((c.networks ?? []).map((n) => n.name));
    return {
      kind: 'start-created',
      task,
      containerId: c.id,
      connect: toNetworkConnects(task).filter((n) => !attached.has(n.network)),
    };
  }
  if (c.state === 'running') {
    const report = toRunningReport(c);
    if (report.state === 'failed') return { kind: 'fail', taskId: task.id, containerId: c.id, report };
    return isNew(p, report) ? { kind: 'report', taskId: task.id, report } : undefined;
  }
  if (DEAD.has(c.state)) return { kind: 'report', taskId: task.id, report: toExitReport(c) };
  return undefined; // paused, restarting, removing: left as they are
}

/** What planStop needs to decide whether a stop waits, and how it says so. */
interface Draining {
  now: number;
  backends: ReadonlySet<string>;
  wake: (at: number) => void;
  drain: (taskId: string, since: number) => void;
}

/**
 * Stop now, or first wait: STOP_SETTLE_MS at least, and until the applied network map no longer has
 * the container's addresses as backends, STOP_DRAIN_MAX_MS at most. A container on no network stops at once.
 */
function planStop(c: ContainerInfo, p: TaskProgress | undefined, d: Draining): WorkerAction | undefined {
  const stop: WorkerAction = { kind: 'stop', taskId: c.taskId, containerId: c.id };
  const addresses = (c.networks ?? []).filter((n) => n.ip !== '');
  if (addresses.length === 0) return stop;
  const since = p?.drainSince ?? d.now;
  if (p?.drainSince === undefined) d.drain(c.taskId, since);
  const backend = addresses.some((n) => d.backends.has(n.ip));
  const at = since + (backend ? STOP_DRAIN_MAX_MS : STOP_SETTLE_MS);
  if (d.now >= at) return stop;
  d.wake(at);
  return undefined;
}

function planUnassigned(
  c: ContainerInfo,
  p: TaskProgress | undefined,
  waiting: boolean,
  d: Draining,
): WorkerAction | undefined {
  if (waiting || c.state === 'removing') return undefined;
  if (ACTIVE.has(c.state)) return planStop(c, p, d);
  const report: StatusReport | undefined = ended(p)
    ? undefined
    : { state: 'shutdown', message: 'no longer assigned', err: '', containerId: c.id, exitCode: c.exitCode };
  return { kind: 'remove', taskId: c.taskId, containerId: c.id, ...(report ? { report } : {}) };
}

export function planWorker(s: WorkerSnapshot): WorkerPlan {
  const actions: WorkerAction[] = [];
  const byTask = containersByTask(s.containers);
  const ready = s.readyNetworks ?? new Set<string>();
  const drains: WorkerPlan['drains'] = [];
  let wakeAt: number | undefined;
  const wake = (at: number) => {
    wakeAt = Math.min(wakeAt ?? at, at);
  };
  const isWaiting = (taskId: string): boolean => {
    const retryAt = s.progress.get(taskId)?.retryAt ?? 0;
    if (retryAt <= s.now) return false;
    wake(retryAt);
    return true;
  };
  const draining: Draining = {
    now: s.now,
    backends: s.backends ?? new Set(),
    wake,
    drain: (taskId, since) => drains.push({ taskId, since }),
  };

  for (const task of s.assigned.values()) {
    if (task.desiredState !== 'running') continue; // treated as not assigned below
    const a = planAssigned(task, byTask.get(task.id), s.progress.get(task.id), isWaiting(task.id), ready);
    if (a) actions.push(a);
  }
  if (s.haveCompleteSet) {
    for (const [taskId, c] of byTask) {
      if (s.assigned.get(taskId)?.desiredState === 'running') continue;
      const a = planUnassigned(c, s.progress.get(taskId), isWaiting(taskId), draining);
      if (a) actions.push(a);
    }
  }
  const forget = [...s.progress.keys()].filter((id) => !s.assigned.has(id) && !byTask.has(id));
  return { actions, forget, drains, ...(wakeAt !== undefined ? { wakeAt } : {}) };
}

/** The engine calls of a task's start whose refusal can end the task (a refused start fails it instead). */
export type StartStep = 'check-image' | 'pull' | 'create';

/**
 * Whether a failed step of a task's start ends the task as rejected (true) or is retried with backoff:
 *
 * | error (container-runtime.ts)                       | check-image | pull   | create |
 * |----------------------------------------------------|-------------|--------|--------|
 * | UnavailableError, ConflictError (transient)        | retry       | retry  | retry  |
 * | InvalidArgumentError (HTTP 400, or unsendable)     | reject      | reject | reject |
 * | EngineServerError (HTTP 5xx)                       | retry       | reject | reject |
 * | FailedPreconditionError (HTTP 404 and the like)    | reject      | reject | reject |
 * | anything else (not an engine's answer)             | retry       | retry  | retry  |
 *
 * A failed pull or create rejects whatever the engine said, 5xx included: the engine answers 500 for an
 * image no registry it can reach has, and for a create it cannot carry out (no space left, a driver
 * failing); a retry in place would keep the task in `preparing` or `starting` with the reason hidden,
 * while a rejected task shows it in `service ps` and the restart policy's next task tries again after
 * its delay, as Swarm does. Only the image check's own 5xx is retried: it changes nothing on the host.
 */
export function isFinalRefusal(step: StartStep, err: unknown): boolean {
  if (isTransient(err)) return false;
  if (err instanceof InvalidArgumentError) return true;
  if (err instanceof EngineServerError) return step !== 'check-image';
  return err instanceof FailedPreconditionError;
}
