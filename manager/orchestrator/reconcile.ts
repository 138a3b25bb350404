// The replica reconcile: from a service and its tasks, which tasks to create, which to shut down and
// which to forget. Pure; the orchestrator loop applies the plan.
//
// A slot (replicated: 1..replicas; global: one per node, keyed by node id) is held by at most one live
// task: wanted running and not ended. A task that ended while wanted running is handed to the restart
// policy: when it restarts, the ended task is shut down and a successor created; when it does not,
// the ended task keeps its desired state and so keeps the slot, which is why the slot is not filled
// again on the next pass (until an update or a scale-down shuts it down).
import { compileConstraint, parseConstraints, type NodeMatcher } from '../../proto/constraint';
import { staticRejection } from '../scheduler/filters';
import { isLive, isTerminal, stateRank } from '../../proto/task-state';
import type { Node, RestartPolicy, Service, Task } from '../../proto/types';
import { decideRestart } from './restart';

/**
 * Ended tasks kept per slot for `shoal service ps`: Swarm's default task history limit. A restart
 * policy with more max attempts keeps that many, so that its count of attempts stays whole.
 */
export const TASK_HISTORY_PER_SLOT = 5;

export interface ReconcileInput {
  service: Service;
  /** This service's tasks. */
  tasks: readonly Task[];
  nodes: readonly Node[];
  now: number;
}

/** A task to create from the service's current spec: nodeId is '' (for the scheduler) unless global. */
export interface PlannedTask {
  slot: number;
  nodeId: string;
  restartAt: number;
}

export interface ReconcilePlan {
  create: PlannedTask[];
  /** Tasks whose desired state becomes shutdown. */
  shutdown: { taskId: string; reason: string }[];
  /** Ids of tasks to delete from the store. */
  remove: string[];
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
}

/** Who holds a slot after the plan: a task, or a task the plan creates (null). */
interface Slot {
  slot: number;
  nodeId: string;
  tasks: Task[];
  holder: Task | null;
}

export function reconcileService(input: ReconcileInput): ReconcilePlan {
  const { service, now } = input;
  const spec = service.spec;
  const ctx: Context = {
    plan: { create: [], shutdown: [], remove: [] },
    policy: spec.restartPolicy,
    specVersion: service.specVersion,
    now,
  };
  const nodes = new Map(input.nodes.map((n) => [n.id, n]));
  const settled =
    spec.mode === 'global'
      ? reconcileGlobal(input.tasks, nodes, parseConstraints(spec.placement.constraints)?.map(compileConstraint) ?? null, ctx)
      : reconcileReplicated(input.tasks, nodes, spec.replicas, ctx);
  planUpdate(settled, spec.updateConfig.parallelism, ctx);
  pruneHistory(input.tasks, (t) => (spec.mode === 'global' ? t.nodeId : String(t.slot)), ctx);
  forgetLost(input.tasks, nodes, ctx);
  return ctx.plan;
}

/** Tasks of a service that no longer exists: stop what runs; forget what never ran or cannot report. */
export function reconcileRemovedService(tasks: readonly Task[], nodes: readonly Node[]): ReconcilePlan {
  const plan: ReconcilePlan = { create: [], shutdown: [], remove: [] };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const t of tasks) {
    const node = byId.get(t.nodeId);
    if (isTerminal(t.status.state) || t.nodeId === '' || node === undefined || node.status !== 'ready') plan.remove.push(t.id);
    else if (t.desiredState === 'running') plan.shutdown.push({ taskId: t.id, reason: 'service removed' });
  }
  return plan;
}

function reconcileReplicated(tasks: readonly Task[], nodes: Map<string, Node>, replicas: number, ctx: Context): Slot[] {
  const bySlot = groupBy(tasks, (t) => t.slot);
  const settled: Slot[] = [];
  for (let slot = 1; slot <= replicas; slot++) {
    const slotTasks = bySlot.get(slot) ?? [];
    const holder = settleSlot(slotTasks, slot, '', ctx, (t) => unusableNode(t, nodes));
    settled.push({ slot, nodeId: '', tasks: slotTasks, holder });
  }
  const extra = [...bySlot.keys()].filter((s) => s < 1 || s > replicas).sort((a, b) => b - a);
  for (const slot of extra) {
    for (const t of bySlot.get(slot)!) if (t.desiredState === 'running') shutdown(ctx, t, 'scaled down');
  }
  return settled;
}

/** Why a replicated task cannot stay on its node, or null when it can. */
function unusableNode(t: Task, nodes: Map<string, Node>): string | null {
  if (t.nodeId === '') return null;
  const node = nodes.get(t.nodeId);
  if (node === undefined) return 'node left the cluster';
  if (node.status !== 'ready') return 'node is down';
  if (node.availability === 'drain') return 'node is drained';
  return null;
}

function reconcileGlobal(tasks: readonly Task[], nodes: Map<string, Node>, constraints: NodeMatcher[] | null, ctx: Context): Slot[] {
  const byNode = groupBy(tasks, (t) => t.nodeId);
  const fits = (n: Node): boolean => constraints !== null && constraints.every((matches) => matches(n));
  const settled: Slot[] = [];
  for (const node of nodes.values()) {
    if (staticRejection(node, constraints) === null) {
      const nodeTasks = byNode.get(node.id) ?? [];
      settled.push({ slot: 0, nodeId: node.id, tasks: nodeTasks, holder: settleSlot(nodeTasks, 0, node.id, ctx, () => null) });
    }
  }
  for (const [nodeId, nodeTasks] of byNode) {
    const node = nodes.get(nodeId);
    const why =
      node === undefined ? 'node left the cluster'
      : node.availability === 'drain' ? 'node is drained'
      : !fits(node) ? 'node no longer satisfies the constraints'
      : null;
    // A down or paused node that would still qualify keeps its task: it has nowhere else to go.
    if (why === null) continue;
    for (const t of nodeTasks) if (t.desiredState === 'running') shutdown(ctx, t, why);
  }
  return settled;
}

/**
 * Makes one slot hold exactly one task wanted running. `moveReason` says why a live task must leave
 * its node (then it is replaced at once). Returns the holder, or null when the plan creates one.
 */
function settleSlot(tasks: readonly Task[], slot: number, nodeId: string, ctx: Context, moveReason: (t: Task) => string | null): Task | null {
  const live: Task[] = [];
  let moved = false;
  for (const t of tasks) {
    if (!isLive(t)) continue;
    const why = moveReason(t);
    if (why === null) live.push(t);
    else {
      shutdown(ctx, t, why);
      moved = true;
    }
  }
  const ended = byAge(tasks.filter(isEndedRunning));
  if (live.length > 0) {
    const keeper = live.reduce((best, t) => (betterKeeper(t, best, ctx.specVersion) ? t : best));
    for (const t of live) if (t !== keeper) shutdown(ctx, t, 'another task holds the slot');
    for (const t of ended) shutdown(ctx, t, 'another task holds the slot');
    return keeper;
  }
  const last = ended.pop();
  for (const t of ended) shutdown(ctx, t, 'another task holds the slot');
  if (last === undefined || moved) {
    if (last !== undefined) shutdown(ctx, last, 'replaced');
    ctx.plan.create.push({ slot, nodeId, restartAt: ctx.now });
    return null;
  }
  const previousEnds = tasks
    .filter((t) => t !== last && endedOnItsOwn(t) && t.specVersion === last.specVersion)
    .map((t) => t.status.timestamp);
  const decision = decideRestart(last, ctx.policy, previousEnds, ctx.now);
  if (!decision.restart) return last;
  shutdown(ctx, last, `restarting: task ${last.status.state}`);
  ctx.plan.create.push({ slot, nodeId, restartAt: decision.restartAt });
  return null;
}

/** Ended by itself (rather than stopped by the orchestrator): each such end cost a restart attempt. */
function endedOnItsOwn(t: Task): boolean {
  const s = t.status.state;
  return s === 'complete' || s === 'failed' || s === 'rejected';
}

/** Which of two live tasks of a slot to keep: a running one, then the current spec, then the furthest along, then the newest. */
function betterKeeper(a: Task, b: Task, specVersion: number): boolean {
  const sa = a.status.state;
  const sb = b.status.state;
  if ((sa === 'running') !== (sb === 'running')) return sa === 'running';
  if ((a.specVersion === specVersion) !== (b.specVersion === specVersion)) return a.specVersion === specVersion;
  if (stateRank(sa) !== stateRank(sb)) return stateRank(sa) > stateRank(sb);
  return compareAge(a, b) > 0;
}

/**
 * Replaces the holders made from an older spec, lowest slot (or node id) first, at most `parallelism`
 * slots at a time (0 = all): a slot counts while its replacement is not running yet.
 */
function planUpdate(slots: readonly Slot[], parallelism: number, ctx: Context): void {
  const isOld = (t: Task): boolean => t.specVersion < ctx.specVersion;
  const inFlight = slots.filter(
    (s) => s.holder !== null && !isOld(s.holder) && s.holder.status.state !== 'running' && s.tasks.some(isOld),
  ).length;
  let budget = parallelism === 0 ? Infinity : parallelism - inFlight;
  const stale = slots.filter((s) => s.holder !== null && isOld(s.holder)).sort((a, b) => a.slot - b.slot || compareText(a.nodeId, b.nodeId));
  for (const s of stale) {
    if (budget <= 0) return;
    budget -= 1;
    shutdown(ctx, s.holder!, `updating to spec version ${ctx.specVersion}`);
    ctx.plan.create.push({ slot: s.slot, nodeId: s.nodeId, restartAt: ctx.now });
  }
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
    if (t.desiredState !== 'running' && t.nodeId !== '' && !isTerminal(t.status.state) && !nodes.has(t.nodeId)) ctx.plan.remove.push(t.id);
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
  return (
    a.meta.createdAt - b.meta.createdAt ||
    a.status.timestamp - b.status.timestamp ||
    compareText(a.id, b.id)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
