// The replica reconcile: which tasks a service creates, shuts down and forgets, and its update's next step. Pure.
import { compileConstraints, type NodeMatcher } from '../../domain/constraint';
import { staticRejection } from '../scheduler/filters';
import { isTerminal } from '../../domain/task-state';
import type { Node, Service, ServiceSpec, Task } from '../../proto/types';
import { planRebalance } from './rebalance';
import {
  GLOBAL_SLOT_RULES,
  byAge,
  canMoveOffDrained,
  lostTarget,
  settleSlot,
  shutdown,
  unusableNode,
  type PlannedTask,
  type Settled,
  type SlotContext,
  type SlotRules,
} from './slot';
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

interface Context extends SlotContext {
  plan: ReconcilePlan;
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
