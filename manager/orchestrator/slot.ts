// Settles one slot: which of its tasks to keep, restart or replace, and which must leave their node. Pure.
//
// A slot (replicated: 1..replicas; global: one per node, keyed by node id) is held by one live task:
// wanted running and not ended (during a start-first update, also by the old task it replaces until
// the new one runs). A task that ended while wanted running is handed to the restart policy: when it
// restarts, the ended task is shut down and a successor created; when it does not, the ended task
// keeps its desired state and so keeps the slot, which is why the slot is not filled again on the
// next pass (until an update or a scale-down shuts it down).
import { compileConstraints } from '../../domain/constraint';
import { explainUnplaced, staticRejection } from '../scheduler/filters';
import { endedOnItsOwn, isLive, isTerminal, stateRank } from '../../domain/task-state';
import { compareStrings } from '../../lib/compare';
import type { Node, RestartPolicy, ServiceSpec, Task } from '../../proto/types';
import { decideRestart } from './restart';
import type { UpdateSlot } from './update';

/** A task to create from the service's current spec: nodeId is '' (for the scheduler) unless global. */
export interface PlannedTask {
  slot: number;
  nodeId: string;
  restartAt: number;
  /** A rebalance's move: the only node the scheduler may place the task on. */
  targetNodeId?: string;
}

/** What settling a slot reads, and the pass's plan it adds its new task and shutdowns to. */
export interface SlotContext {
  plan: { create: PlannedTask[]; shutdown: { taskId: string; reason: string }[] };
  policy: RestartPolicy;
  specVersion: number;
  now: number;
}

/**
 * Who holds a slot after the reconcile: null when the plan creates a task; `outgoing` is an old
 * task serving until the holder runs.
 */
export type Settled = Pick<UpdateSlot, 'holder' | 'outgoing' | 'moving'>;

/** Why a live task must leave its node; `startFirst` when it may serve there until its slot's new task runs. */
interface Move {
  reason: string;
  startFirst: boolean;
}

/** Per mode, why a slot's live task must leave its node, and why a rebalance's move is cancelled. */
export interface SlotRules {
  moveOf: (t: Task) => Move | null;
  lostTarget: (t: Task) => string | null;
}

/** A global slot is its node: its task never moves, and a global service is never rebalanced. */
export const GLOBAL_SLOT_RULES: SlotRules = { moveOf: () => null, lostTarget: () => null };

/** A task leaving while it serves: its slot's new task will replace it once running. */
interface Leaving {
  task: Task;
  reason: string;
}

/** Ended while still wanted running: the restart policy has a say. */
function isEndedRunning(t: Task): boolean {
  return t.desiredState === 'running' && isTerminal(t.status.state);
}

/**
 * Makes one slot hold exactly one task wanted running, preferring the current spec; a running task of
 * an older spec beside it is `outgoing` (a start-first update), which the update shuts down once the
 * new one runs. `moveOf` says why a live task must leave its node: at once (it is replaced at once), or
 * start-first (a drained node): then it serves until the slot's new task runs. A slot's rebalance
 * mover (a task with a target node) likewise replaces the running tasks created before it, unless
 * its target can no longer take it (`lostTarget`): then it is shut down.
 */
export function settleSlot(
  tasks: readonly Task[],
  slot: number,
  nodeId: string,
  ctx: SlotContext,
  rules: SlotRules,
): Settled {
  const cancelled = new Set<Task>();
  for (const t of tasks) {
    const why = isLive(t) ? rules.lostTarget(t) : null;
    if (why === null) continue;
    shutdown(ctx, t, why);
    cancelled.add(t);
  }
  const mover = newest(tasks.filter((t) => isLive(t) && Boolean(t.targetNodeId) && !cancelled.has(t)));
  const live: Task[] = [];
  const leaving: Leaving[] = [];
  let moved = false;
  for (const t of tasks) {
    if (!isLive(t) || cancelled.has(t)) continue;
    const move = rules.moveOf(t);
    if (move?.startFirst) leaving.push({ task: t, reason: move.reason });
    else if (move) {
      shutdown(ctx, t, move.reason);
      moved = true;
    } else if (mover && t.status.state === 'running' && compareAge(t, mover) < 0)
      leaving.push({ task: t, reason: 'rebalanced' });
    else live.push(t);
  }
  return withLeaving(settleHolder(tasks, live, slot, nodeId, moved, ctx), leaving, ctx);
}

/** Leaving tasks serve as the slot's outgoing task until its holder runs, unless another already does. */
function withLeaving(settled: Settled, leaving: readonly Leaving[], ctx: SlotContext): Settled {
  if (leaving.length === 0) return settled;
  const { holder, outgoing } = settled;
  const serving = holder?.status.state === 'running' || outgoing !== null ? null : best(leaving.map((l) => l.task));
  for (const l of leaving) {
    if (l.task === serving) continue;
    shutdown(ctx, l.task, holder?.status.state === 'running' ? `${l.reason}: replaced by task ${holder.id}` : l.reason);
  }
  return serving === null ? settled : { holder, outgoing: serving, moving: true };
}

/**
 * The holder among the slot's staying live tasks, or the restart policy's say over its last ended one.
 * The policy also has its say when the live tasks all run an older spec and the last ended task runs
 * the current one: a start-first update's new task that ended while the old task still served. It is
 * restarted as it would be had the old task left first (stop-first), after the policy's delay, and the
 * old task serves as the slot's outgoing task until the successor runs; so the slot ends on the new
 * spec, as in Swarm, whose restart supervisor restarts that task (the updater, with `continue`, goes
 * on meanwhile). Shutting it down instead left the slot on the old spec, tried once. When the policy
 * declines, the old task keeps the slot (and the update does not try it again: update.ts).
 */
function settleHolder(
  tasks: readonly Task[],
  live: readonly Task[],
  slot: number,
  nodeId: string,
  moved: boolean,
  ctx: SlotContext,
): Settled {
  const ended = byAge(tasks.filter(isEndedRunning));
  const last = ended.pop();
  const current = live.filter((t) => t.specVersion === ctx.specVersion);
  const restartable =
    last !== undefined &&
    !moved &&
    (live.length === 0 || (current.length === 0 && last.specVersion === ctx.specVersion));
  const restartAt = restartable ? restartTime(last, tasks, ctx) : null;
  if (live.length > 0 && restartAt === null) {
    const keeper = best(current.length > 0 ? current : live);
    const serving =
      current.length > 0 ? live.filter((t) => t.specVersion !== ctx.specVersion && t.status.state === 'running') : [];
    const outgoing = serving.length > 0 ? best(serving) : null;
    for (const t of live) if (t !== keeper && t !== outgoing) shutdown(ctx, t, 'another task holds the slot');
    for (const t of last ? [...ended, last] : ended) shutdown(ctx, t, 'another task holds the slot');
    return { holder: keeper, outgoing, moving: false };
  }
  for (const t of ended) shutdown(ctx, t, 'another task holds the slot');
  if (last === undefined || moved) {
    if (last !== undefined) shutdown(ctx, last, 'replaced');
    ctx.plan.create.push({ slot, nodeId, restartAt: ctx.now });
    return { holder: null, outgoing: null, moving: false };
  }
  if (restartAt === null) return { holder: last, outgoing: null, moving: false };
  const running = live.filter((t) => t.status.state === 'running');
  const outgoing = running.length > 0 ? best(running) : null;
  for (const t of live) if (t !== outgoing) shutdown(ctx, t, 'another task holds the slot');
  shutdown(ctx, last, `restarting: task ${last.status.state}`);
  ctx.plan.create.push({ slot, nodeId, restartAt });
  return { holder: null, outgoing, moving: false };
}

/** When the restart policy starts a successor of the slot's last ended task, or null when it does not. */
function restartTime(last: Task, tasks: readonly Task[], ctx: SlotContext): number | null {
  const previousEnds = tasks
    .filter((t) => t !== last && endedOnItsOwn(t) && t.specVersion === last.specVersion)
    .map((t) => t.status.timestamp);
  const decision = decideRestart(last, ctx.policy, previousEnds, ctx.now);
  if (!decision.restart) return null;
  // The successor of a task of another spec (an update or a rollback went by) runs a different spec: no delay.
  return last.specVersion === ctx.specVersion ? decision.restartAt : ctx.now;
}

/**
 * Whether a task on a drained node can wait there for a replacement (start-first): only when some
 * other node passes the static filters, so the replacement can run once capacity frees. Otherwise the
 * drain is stop-first, as in Swarm: the task stops at once and its replacement waits, pending.
 */
export function canMoveOffDrained(nodes: Map<string, Node>, spec: ServiceSpec): boolean {
  const constraints = compileConstraints(spec.placement.constraints);
  for (const node of nodes.values()) if (staticRejection(node, constraints) === null) return true;
  return false;
}

/** Why a replicated task cannot stay on its node, or null when it can. */
export function unusableNode(t: Task, nodes: Map<string, Node>, movable: boolean): Move | null {
  if (t.nodeId === '') return null;
  const node = nodes.get(t.nodeId);
  if (node === undefined) return { reason: 'node left the cluster', startFirst: false };
  if (node.status !== 'ready') return { reason: 'node is down', startFirst: false };
  if (node.availability === 'drain')
    return { reason: 'node is drained', startFirst: movable && t.status.state === 'running' };
  return null;
}

/**
 * Why a rebalance's move not yet running can no longer reach its target node (gone, or failing the
 * static filters for the task's spec), or null. The move is then cancelled: the slot's running task
 * keeps serving, and the rebalance plans again from there. (A target short of resources is not known
 * here: that move waits, as placement.ts says.)
 */
export function lostTarget(t: Task, nodes: Map<string, Node>): string | null {
  if (t.targetNodeId === '' || t.status.state === 'running') return null;
  const node = nodes.get(t.targetNodeId);
  if (node === undefined) return 'rebalance cancelled: its target node left the cluster';
  const constraints = compileConstraints(t.spec.placement.constraints);
  const r = staticRejection(node, constraints);
  return r === null ? null : `rebalance cancelled: its target: ${explainUnplaced(1, new Map([[r, 1]]))}`;
}

function newest(tasks: readonly Task[]): Task | null {
  return tasks.length === 0 ? null : tasks.reduce((n, t) => (compareAge(t, n) > 0 ? t : n));
}

/** The task to keep among live ones: a running one, then the furthest along, then the newest. */
function best(tasks: readonly Task[]): Task {
  return tasks.reduce((b, t) => (betterKeeper(t, b) ? t : b));
}

function betterKeeper(a: Task, b: Task): boolean {
  const sa = a.status.state;
  const sb = b.status.state;
  if ((sa === 'running') !== (sb === 'running')) return sa === 'running';
  if (stateRank(sa) !== stateRank(sb)) return stateRank(sa) > stateRank(sb);
  return compareAge(a, b) > 0;
}

export function shutdown(ctx: SlotContext, t: Task, reason: string): void {
  ctx.plan.shutdown.push({ taskId: t.id, reason });
}

/** Oldest first: by creation time, then status time, then id. */
export function byAge(tasks: readonly Task[]): Task[] {
  return [...tasks].sort(compareAge);
}

function compareAge(a: Task, b: Task): number {
  return a.meta.createdAt - b.meta.createdAt || a.status.timestamp - b.status.timestamp || compareStrings(a.id, b.id);
}
