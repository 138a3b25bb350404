// The replica reconcile: from a service and its tasks, which tasks to create, which to shut down and
// which to forget, and the next step of its rolling update (update.ts). Pure; the orchestrator loop
// applies the plan.
//
// A slot (replicated: 1..replicas; global: one per node, keyed by node id) is held by one live task:
// wanted running and not ended (during a start-first update, also by the old task it replaces until
// the new one runs). A task that ended while wanted running is handed to the restart policy: when it
// restarts, the ended task is shut down and a successor created; when it does not, the ended task
// keeps its desired state and so keeps the slot, which is why the slot is not filled again on the
// next pass (until an update or a scale-down shuts it down).
import { compileConstraints, type NodeMatcher } from '../../domain/constraint';
import { explainUnplaced, staticRejection } from '../scheduler/filters';
import { endedOnItsOwn, isLive, isTerminal, stateRank } from '../../domain/task-state';
import { compareStrings } from '../../lib/compare';
import type { Node, RestartPolicy, Service, ServiceSpec, Task } from '../../proto/types';
import { decideRestart } from './restart';
import { planRebalance } from './rebalance';
import { planRollingUpdate, type UpdateSlot, type UpdateStep } from './update';

/**
 * Ended tasks kept per slot for `shoal service ps`: Swarm's default task history limit. A restart
 * policy with more max attempts keeps that many, so that its count of attempts stays whole.
 */
export const TASK_HISTORY_PER_SLOT = 5;

/**
 * New tasks one service gets per pass, at most: a pass's memory and write stay bounded whatever the spec asks (one
 * service of a billion replicas once took the manager to 4.7 GB). A full batch plans again at once (`more`); 1,000 is a
 * whole service of the control-plane bench, so it costs that bench nothing.
 */
export const MAX_NEW_TASKS_PER_PASS = 1_000;

export interface ReconcileInput {
  service: Service;
  /** This service's tasks. */
  tasks: readonly Task[];
  nodes: readonly Node[];
  now: number;
  /** When tasks were seen running, for the update's monitor (see update.ts); empty when unknown. */
  seenRunningAt?: ReadonlyMap<string, number>;
  /** When the orchestrator loop started (see update.ts); 0 when it watched from the start. */
  watchingSince?: number;
  /** At most this many new tasks for slots this pass; MAX_NEW_TASKS_PER_PASS unless a test says. */
  maxNewTasks?: number;
}

/** A task to create from the service's current spec: nodeId is '' (for the scheduler) unless global. */
export interface PlannedTask {
  slot: number;
  nodeId: string;
  restartAt: number;
  /** A rebalance's move: the only node the scheduler may place the task on. */
  targetNodeId?: string;
}

export interface ReconcilePlan {
  create: PlannedTask[];
  /** Tasks whose desired state becomes shutdown. */
  shutdown: { taskId: string; reason: string }[];
  /** Ids of tasks to delete from the store. */
  remove: string[];
  /** The service to write: its update status moved on, or switched back to its previous spec (then alone). */
  service?: Service;
  /** Plan again at this time (a batch delay or an update's monitor ends). */
  wakeAt?: number;
  /** Plan again when one of the service's tasks starts running: its update waits for that. */
  followProgress?: boolean;
  /**
   * Plan again at once: the batch of new tasks was full and slots wait untouched for the next pass. The rolling
   * update and the rebalance wait with them.
   */
  more?: boolean;
}

/** Ended while still wanted running: the restart policy has a say. */
function isEndedRunning(t: Task): boolean {
  return t.desiredState === 'running' && isTerminal(t.status.state);
}

interface Context {
  plan: ReconcilePlan;
  policy: RestartPolicy;
  specVersion: number;
  now: number;
  maxNewTasks: number;
  /** Some slot was left for the next pass: the batch was full. */
  deferred: boolean;
}

/** The rolling update's step when slots wait for the next pass: it plans from every slot, so it waits too. */
const NO_UPDATE_STEP: UpdateStep = { create: [], shutdown: [], followProgress: false };

export function reconcileService(input: ReconcileInput): ReconcilePlan {
  const { service, now } = input;
  const spec = service.spec;
  const ctx: Context = {
    plan: { create: [], shutdown: [], remove: [] },
    policy: spec.restartPolicy,
    specVersion: service.specVersion,
    now,
    maxNewTasks: input.maxNewTasks ?? MAX_NEW_TASKS_PER_PASS,
    deferred: false,
  };
  const nodes = new Map(input.nodes.map((n) => [n.id, n]));
  const settled =
    spec.mode === 'global'
      ? reconcileGlobal(input.tasks, nodes, compileConstraints(spec.placement.constraints), ctx)
      : reconcileReplicated(input.tasks, nodes, spec, ctx);
  const step = ctx.deferred
    ? NO_UPDATE_STEP
    : planRollingUpdate({
        service,
        slots: settled,
        seenRunningAt: input.seenRunningAt ?? new Map(),
        watchingSince: input.watchingSince ?? 0,
        now,
      });
  // A switch back to the previous spec is written alone: the next pass plans against that spec.
  if (step.service && step.service.specVersion !== service.specVersion)
    return { create: [], shutdown: [], remove: [], service: step.service };
  for (const c of step.create) ctx.plan.create.push({ ...c, restartAt: now });
  ctx.plan.shutdown.push(...step.shutdown);
  // A rebalance moves a task only when nothing else changes the service's tasks.
  const settledNow =
    ctx.plan.create.length === 0 &&
    ctx.plan.shutdown.length === 0 &&
    !step.service &&
    !step.followProgress &&
    !ctx.deferred;
  const rebalance = settledNow ? planRebalance({ service, slots: settled, nodes: input.nodes }) : {};
  if (rebalance.move)
    ctx.plan.create.push({
      slot: rebalance.move.slot,
      nodeId: '',
      restartAt: now,
      targetNodeId: rebalance.move.targetNodeId,
    });
  const written = step.service ?? rebalance.service;
  pruneHistory(input.tasks, (t) => (spec.mode === 'global' ? t.nodeId : String(t.slot)), ctx);
  forgetLost(input.tasks, nodes, ctx);
  return {
    ...ctx.plan,
    ...(written && { service: written }),
    ...(step.wakeAt !== undefined && { wakeAt: step.wakeAt }),
    ...((step.followProgress || rebalance.move) && { followProgress: true }),
    ...(ctx.deferred && { more: true }),
  };
}

/** Tasks of a service that no longer exists: stop what runs; forget what never ran or cannot report. */
export function reconcileRemovedService(tasks: readonly Task[], nodes: readonly Node[]): ReconcilePlan {
  const plan: ReconcilePlan = { create: [], shutdown: [], remove: [] };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const t of tasks) {
    const node = byId.get(t.nodeId);
    if (isTerminal(t.status.state) || t.nodeId === '' || node === undefined || node.status !== 'ready')
      plan.remove.push(t.id);
    else if (t.desiredState === 'running') plan.shutdown.push({ taskId: t.id, reason: 'service removed' });
  }
  return plan;
}

function reconcileReplicated(
  tasks: readonly Task[],
  nodes: Map<string, Node>,
  spec: ServiceSpec,
  ctx: Context,
): UpdateSlot[] {
  const bySlot = groupBy(tasks, (t) => t.slot);
  const movable = canMoveOffDrained(nodes, spec);
  const rules: SlotRules = { moveOf: (t) => unusableNode(t, nodes, movable), lostTarget: (t) => lostTarget(t, nodes) };
  const settled: UpdateSlot[] = [];
  const held = [...bySlot.keys()].filter((s) => s >= 1 && s <= spec.replicas).sort((a, b) => a - b);
  const room = () => ctx.plan.create.length < ctx.maxNewTasks;
  for (const slot of slotsToSettle(held, spec.replicas, room)) {
    const slotTasks = bySlot.get(slot) ?? [];
    const s = settleWithinBatch(ctx, () => settleSlot(slotTasks, slot, '', ctx, rules));
    if (s) settled.push({ slot, nodeId: '', tasks: slotTasks, ...s });
  }
  if (settled.length < spec.replicas) ctx.deferred = true;
  const extra = [...bySlot.keys()].filter((s) => s < 1 || s > spec.replicas).sort((a, b) => b - a);
  for (const slot of extra) {
    for (const t of bySlot.get(slot)!) if (t.desiredState === 'running') shutdown(ctx, t, 'scaled down');
  }
  return settled;
}

/**
 * The replicated slots to settle, in order: every slot a task holds, and the empty ones while there is `room` for
 * new tasks. Never a walk over 1..replicas: the replica count is the spec's, and the spec may ask for a billion.
 */
function* slotsToSettle(held: readonly number[], replicas: number, room: () => boolean): Generator<number> {
  let slot = 1;
  for (const next of [...held, replicas + 1]) {
    for (; slot < next && room(); slot++) yield slot;
    if (next > replicas) return;
    yield next;
    slot = next + 1;
  }
}

/**
 * Settles one slot unless that takes the new tasks past the batch: then the slot is left as it is (its shutdowns
 * undone with its new task) for the next pass, and null is returned.
 */
function settleWithinBatch(ctx: Context, settle: () => Settled): Settled | null {
  const [creates, shutdowns] = [ctx.plan.create.length, ctx.plan.shutdown.length];
  const settled = settle();
  if (ctx.plan.create.length <= ctx.maxNewTasks) return settled;
  ctx.plan.create.length = creates;
  ctx.plan.shutdown.length = shutdowns;
  ctx.deferred = true;
  return null;
}

/**
 * Whether a task on a drained node can wait there for a replacement (start-first): only when some
 * other node passes the static filters, so the replacement can run once capacity frees. Otherwise the
 * drain is stop-first, as in Swarm: the task stops at once and its replacement waits, pending.
 */
function canMoveOffDrained(nodes: Map<string, Node>, spec: ServiceSpec): boolean {
  const constraints = compileConstraints(spec.placement.constraints);
  for (const node of nodes.values()) if (staticRejection(node, constraints) === null) return true;
  return false;
}

/** Why a replicated task cannot stay on its node, or null when it can. */
function unusableNode(t: Task, nodes: Map<string, Node>, movable: boolean): Move | null {
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
function lostTarget(t: Task, nodes: Map<string, Node>): string | null {
  if (t.targetNodeId === '' || t.status.state === 'running') return null;
  const node = nodes.get(t.targetNodeId);
  if (node === undefined) return 'rebalance cancelled: its target node left the cluster';
  const constraints = compileConstraints(t.spec.placement.constraints);
  const r = staticRejection(node, constraints);
  return r === null ? null : `rebalance cancelled: its target: ${explainUnplaced(1, new Map([[r, 1]]))}`;
}

function reconcileGlobal(
  tasks: readonly Task[],
  nodes: Map<string, Node>,
  constraints: NodeMatcher[] | null,
  ctx: Context,
): UpdateSlot[] {
  const byNode = groupBy(tasks, (t) => t.nodeId);
  const fits = (n: Node): boolean => constraints !== null && constraints.every((matches) => matches(n));
  const settled: UpdateSlot[] = [];
  for (const node of nodes.values()) {
    if (staticRejection(node, constraints) === null) {
      const nodeTasks = byNode.get(node.id) ?? [];
      const s = settleWithinBatch(ctx, () => settleSlot(nodeTasks, 0, node.id, ctx, GLOBAL_SLOT_RULES));
      if (s) settled.push({ slot: 0, nodeId: node.id, tasks: nodeTasks, ...s });
    }
  }
  for (const [nodeId, nodeTasks] of byNode) {
    const node = nodes.get(nodeId);
    const why =
      node === undefined
        ? 'node left the cluster'
        : node.availability === 'drain'
          ? 'node is drained'
          : !fits(node)
            ? 'node no longer satisfies the constraints'
            : null;
    // A down or paused node that would still qualify keeps its task: it has nowhere else to go.
    if (why === null) continue;
    for (const t of nodeTasks) if (t.desiredState === 'running') shutdown(ctx, t, why);
  }
  return settled;
}

/**
 * Who holds a slot after the reconcile: null when the plan creates a task; `outgoing` is an old
 * task serving until the holder runs.
 */
type Settled = Pick<UpdateSlot, 'holder' | 'outgoing' | 'moving'>;

/** Why a live task must leave its node; `startFirst` when it may serve there until its slot's new task runs. */
interface Move {
  reason: string;
  startFirst: boolean;
}

/** Per mode, why a slot's live task must leave its node, and why a rebalance's move is cancelled. */
interface SlotRules {
  moveOf: (t: Task) => Move | null;
  lostTarget: (t: Task) => string | null;
}

/** A global slot is its node: its task never moves, and a global service is never rebalanced. */
const GLOBAL_SLOT_RULES: SlotRules = { moveOf: () => null, lostTarget: () => null };

/** A task leaving while it serves: its slot's new task will replace it once running. */
interface Leaving {
  task: Task;
  reason: string;
}

/**
 * Makes one slot hold exactly one task wanted running, preferring the current spec; a running task of
 * an older spec beside it is `outgoing` (a start-first update), which the update shuts down once the
 * new one runs. `moveOf` says why a live task must leave its node: at once (it is replaced at once), or
 * start-first (a drained node): then it serves until the slot's new task runs. A slot's rebalance
 * mover (a task with a target node) likewise replaces the running tasks created before it, unless
 * its target can no longer take it (`lostTarget`): then it is shut down.
 */
function settleSlot(tasks: readonly Task[], slot: number, nodeId: string, ctx: Context, rules: SlotRules): Settled {
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
function withLeaving(settled: Settled, leaving: readonly Leaving[], ctx: Context): Settled {
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
  ctx: Context,
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
function restartTime(last: Task, tasks: readonly Task[], ctx: Context): number | null {
  const previousEnds = tasks
    .filter((t) => t !== last && endedOnItsOwn(t) && t.specVersion === last.specVersion)
    .map((t) => t.status.timestamp);
  const decision = decideRestart(last, ctx.policy, previousEnds, ctx.now);
  if (!decision.restart) return null;
  // The successor of a task of another spec (an update or a rollback went by) runs a different spec: no delay.
  return last.specVersion === ctx.specVersion ? decision.restartAt : ctx.now;
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

/** Forgets the oldest ended tasks of each slot beyond what history keeps. */
function pruneHistory(tasks: readonly Task[], slotOf: (t: Task) => string, ctx: Context): void {
  const keep = Math.max(TASK_HISTORY_PER_SLOT, ctx.policy.maxAttempts);
  const history = tasks.filter((t) => t.desiredState !== 'running' && isTerminal(t.status.state));
  for (const slotTasks of groupBy(history, slotOf).values()) {
    const old = byAge(slotTasks);
    for (const t of old.slice(0, Math.max(0, old.length - keep))) ctx.plan.remove.push(t.id);
  }
}

/** Forgets stopping tasks whose node left the cluster: no agent will ever report that they ended. */
function forgetLost(tasks: readonly Task[], nodes: Map<string, Node>, ctx: Context): void {
  for (const t of tasks) {
    if (t.desiredState !== 'running' && t.nodeId !== '' && !isTerminal(t.status.state) && !nodes.has(t.nodeId))
      ctx.plan.remove.push(t.id);
  }
}

function shutdown(ctx: Context, t: Task, reason: string): void {
  ctx.plan.shutdown.push({ taskId: t.id, reason });
}

function groupBy<K>(tasks: readonly Task[], key: (t: Task) => K): Map<K, Task[]> {
  const groups = new Map<K, Task[]>();
  for (const t of tasks) {
    const k = key(t);
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  return groups;
}

/** Oldest first: by creation time, then status time, then id. */
function byAge(tasks: readonly Task[]): Task[] {
  return [...tasks].sort(compareAge);
}

function compareAge(a: Task, b: Task): number {
  return a.meta.createdAt - b.meta.createdAt || a.status.timestamp - b.status.timestamp || compareStrings(a.id, b.id);
}
