// The Dispatcher service: agent sessions, assignment streams, network map streams, log channels
// (log-router.ts), heartbeats and node liveness. Heartbeats live in memory only; the store is written
// when a node's status changes.
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { steadyClock, type Clock } from '../../lib/clock';
import { InvalidArgumentError, SessionInvalidError } from '../../proto/errors';
import { toGrpcError } from '../../proto/grpc-errors';
import type { AssignmentsMessage__Output } from '../../proto/generated/shoal/v1/AssignmentsMessage';
import type { AssignmentsRequest__Output } from '../../proto/generated/shoal/v1/AssignmentsRequest';
import type { DispatcherHandlers } from '../../proto/generated/shoal/v1/Dispatcher';
import type { NetworkMap__Output } from '../../proto/generated/shoal/v1/NetworkMap';
import type { NetworkMapRequest__Output } from '../../proto/generated/shoal/v1/NetworkMapRequest';
import type { RegisterRequest__Output } from '../../proto/generated/shoal/v1/RegisterRequest';
import type { RegisterResponse__Output } from '../../proto/generated/shoal/v1/RegisterResponse';
import type { Node, Task } from '../../proto/types';
import { unary } from '../grpc-adapter';
import type { ChangeSet, ClusterState } from '../state/cluster-state';
import type { Kind, Store } from '../store/store';
import { planAssignmentDiff } from './assignments';
import { managerStallMs, planNodesDown } from './liveness';
import { LogRouter } from './log-router';
import { planNetworkMaps } from './network-map';
import { planPublishedServices } from './published-ports';
import { StatusWriter } from './status-writer';

export interface DispatcherOptions {
  heartbeatIntervalMs: number;
  nodeTimeoutMs: number;
}

/** Task changes are gathered for 20 ms before assignments go out: one message per node per burst. */
const ASSIGNMENT_PUSH_MS = 20;
/** How often liveness is checked: adds at most a tenth of a second to the node timeout. */
const LIVENESS_CHECK_MS = 100;
/** A check later than this beyond its interval means the manager stalled: far above timer jitter, well below the node timeout. */
const STALL_TOLERANCE_MS = 150;
/**
 * Nodes known from before this manager started get this long to reconnect: agents retry at least once
 * a second, so each has several tries even while the new manager is busy starting.
 */
const STARTUP_GRACE_MS = 5000;
/** The longest a restarting agent's node is kept up without beats: a restart that takes longer is a failure to heal. */
const MAX_AWAY_MS = 30_000;
/**
 * Changes are gathered for 20 ms before network maps are recomputed: a burst of task reports costs
 * one pass, and a node still hears of a change well within a second.
 */
const NETWORK_MAP_PUSH_MS = 20;

/** The kinds whose changes can change a network map. */
const MAP_KINDS: readonly Kind[] = ['networks', 'services', 'tasks', 'nodes'];

type MapStream = ServerWritableStream<NetworkMapRequest__Output, NetworkMap__Output>;

interface Session {
  id: string;
  nodeId: string;
  stream?: ServerWritableStream<AssignmentsRequest__Output, AssignmentsMessage__Output>;
  sent: Set<string>;
  /** Every task sent in this session, while it is on the node: what an agent may have started. */
  everSent: Set<string>;
  registeredAt: number;
  sequence: number;
  mapStream?: MapStream;
  /** The networks last sent on the map stream, as JSON: a map is sent only when it differs. */
  mapSent: string;
  mapSequence: number;
}

export class Dispatcher {
  private sessions = new Map<string, Session>();
  private sessionByNode = new Map<string, string>();
  /** By node id, when it was last heard from (or until when a restarting agent asked to be waited for), on the steady clock. */
  private lastSeen = new Map<string, number>();
  private livenessTimer?: NodeJS.Timeout;
  private lastLivenessCheck = 0;
  /** A liveness check is writing nodes down: the next check waits for it rather than judge from a stale view. */
  private markingDown = false;
  private pushTimer?: NodeJS.Timeout;
  /** Tasks with a lifecycle change since the last push, by the node they were or are on. */
  private dirtyTasks = new Map<string, Set<string>>();
  private mapTimer?: NodeJS.Timeout;
  private readonly statusWriter: StatusWriter;
  /** The agents' log channels, for the control API's ServiceLogs. */
  readonly logs: LogRouter;
  private readonly onChange = (c: ChangeSet) => {
    this.pushAssignments(c);
    this.pushNetworkMaps(c);
  };

  constructor(
    private readonly state: ClusterState,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly opts: DispatcherOptions,
    private readonly newId: () => string,
    /** Liveness: how long a node has been silent, measured on a clock a changed system time does not move. */
    private readonly steady: Clock = steadyClock,
  ) {
    this.statusWriter = new StatusWriter(store, state, logger, () => clock.now());
    this.logs = new LogRouter(logger, newId);
  }

  start(): void {
    const now = this.steady.now();
    const grace = Math.max(0, STARTUP_GRACE_MS - this.opts.nodeTimeoutMs);
    for (const n of this.state.list('nodes')) this.lastSeen.set(n.id, now + grace);
    this.lastLivenessCheck = now;
    this.state.on('change', this.onChange);
    this.livenessTimer = setInterval(() => void this.checkLiveness(), LIVENESS_CHECK_MS);
  }

  stop(): void {
    this.state.off('change', this.onChange);
    if (this.livenessTimer) clearInterval(this.livenessTimer);
    if (this.pushTimer) clearTimeout(this.pushTimer);
    if (this.mapTimer) clearTimeout(this.mapTimer);
    for (const s of this.sessions.values()) {
      s.stream?.end();
      s.mapStream?.end();
    }
    this.logs.closeAll('the manager is stopping');
    this.sessions.clear();
    this.sessionByNode.clear();
  }

  handlers(): DispatcherHandlers {
    const log = this.logger;
    return {
      Register: unary('Register', log, (req) => this.register(req)),
      Heartbeat: unary('Heartbeat', log, async (req) => {
        await this.heartbeat(req.sessionId, req.awayMs);
        return { heartbeatIntervalMs: this.opts.heartbeatIntervalMs };
      }),
      UpdateTaskStatus: unary('UpdateTaskStatus', log, async (req) => {
        const session = this.session(req.sessionId);
        this.markSeen(session.nodeId, this.steady.now());
        await this.statusWriter.submit(
          session.nodeId,
          req.updates.filter((u) => u.status).map((u) => ({ taskId: u.taskId, status: u.status! })),
        );
        return {};
      }),
      Assignments: (call) => this.openAssignments(call),
      WatchNetworkMap: (call) => this.openNetworkMap(call),
      Logs: (call) => this.logs.open(call, (sessionId) => this.sessions.get(sessionId)?.nodeId),
    };
  }

  private session(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw new SessionInvalidError(id);
    return s;
  }

  private async register(req: RegisterRequest__Output): Promise<RegisterResponse__Output> {
    const d = req.description;
    if (!d?.hostname) throw new InvalidArgumentError('a node needs a hostname');
    if (!d.platform || !d.resources) throw new InvalidArgumentError('a node must report its platform and resources');
    const now = this.clock.now();
    const existing = this.state.list('nodes').find((n) => n.description.hostname === d.hostname);
    const node: Node = {
      id: existing?.id ?? this.newId(),
      meta: { version: 0, createdAt: existing?.meta.createdAt ?? now, updatedAt: now },
      description: { ...d, platform: d.platform, resources: d.resources },
      labels: existing?.labels ?? {},
      availability: existing?.availability ?? 'active',
      status: 'ready',
      statusMessage: '',
      lastSeen: now,
    };
    const revision = await this.store.commit([{ op: 'put', kind: 'nodes', id: node.id, value: node, expectVersion: existing?.meta.version ?? 0 }]);
    await this.state.waitFor(revision);
    const old = this.sessionByNode.get(node.id);
    if (old) this.closeSession(old);
    const session: Session = { id: this.newId(), nodeId: node.id, sent: new Set(), everSent: new Set(), registeredAt: now, sequence: 0, mapSent: '', mapSequence: 0 };
    this.sessions.set(session.id, session);
    this.sessionByNode.set(node.id, session.id);
    this.lastSeen.set(node.id, this.steady.now());
    this.logger.info({ 'node.id': node.id, 'node.hostname': d.hostname, 'session.id': session.id, returning: !!existing }, 'node registered');
    return { nodeId: node.id, sessionId: session.id, heartbeatIntervalMs: this.opts.heartbeatIntervalMs };
  }

  private closeSession(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    s.stream?.emit('error', toGrpcError(new SessionInvalidError(id)));
    s.mapStream?.emit('error', toGrpcError(new SessionInvalidError(id)));
    this.logs.closeSession(s.nodeId, id, "the node's agent session ended");
    this.sessions.delete(id);
    if (this.sessionByNode.get(s.nodeId) === id) this.sessionByNode.delete(s.nodeId);
  }

  /** Seen alive until `until`; never earlier than a restarting agent asked for. */
  private markSeen(nodeId: string, until: number): void {
    this.lastSeen.set(nodeId, Math.max(this.lastSeen.get(nodeId) ?? 0, until));
  }

  /** A beat; with `awayMs`, the agent is stopping to restart: its node counts as seen until then (capped). */
  private async heartbeat(sessionId: string, awayMs = 0): Promise<void> {
    const session = this.session(sessionId);
    this.markSeen(session.nodeId, this.steady.now() + Math.min(awayMs, MAX_AWAY_MS));
    if (awayMs > 0) this.logger.info({ 'node.id': session.nodeId, awayMs }, 'agent stopping to restart; its node stays up meanwhile');
    const node = this.state.get('nodes', session.nodeId);
    if (node && node.status !== 'ready') await this.setNodeStatus(node, 'ready', '');
  }

  private async setNodeStatus(node: Node, status: 'ready' | 'down', message: string): Promise<void> {
    const seen = this.lastSeen.get(node.id);
    const lastSeen = seen === undefined ? 0 : this.clock.now() - Math.max(0, this.steady.now() - seen); // as the time of day
    const value: Node = { ...node, status, statusMessage: message, lastSeen };
    await this.store.commit([{ op: 'put', kind: 'nodes', id: node.id, value, expectVersion: node.meta.version }]);
    this.logger.info({ 'node.id': node.id, 'node.hostname': node.description.hostname, status, reason: message }, `node ${status}`);
  }

  private async checkLiveness(): Promise<void> {
    const now = this.steady.now();
    const stalled = managerStallMs(this.lastLivenessCheck, now, LIVENESS_CHECK_MS, STALL_TOLERANCE_MS);
    this.lastLivenessCheck = now;
    if (stalled > 0) {
      for (const [id, seen] of this.lastSeen) this.lastSeen.set(id, seen + stalled);
      this.logger.warn({ stalledMs: stalled }, 'manager stalled; not counted against the nodes');
    }
    if (this.markingDown) return; // the last check's writes are still under way; it judges each node as it goes
    this.markingDown = true;
    try {
      for (const v of planNodesDown(this.state.list('nodes'), this.lastSeen, now, this.opts.nodeTimeoutMs)) await this.markDown(v.nodeId);
    } finally {
      this.markingDown = false;
    }
  }

  /**
   * Marks a silent node down and ends its session, judging it again first: each write waits for etcd,
   * and a node may have beaten (or registered a new session) while an earlier one was written.
   */
  private async markDown(nodeId: string): Promise<void> {
    const node = this.state.get('nodes', nodeId);
    const [v] = node ? planNodesDown([node], this.lastSeen, this.steady.now(), this.opts.nodeTimeoutMs) : [];
    if (!node || !v) return;
    const sessionId = this.sessionByNode.get(node.id);
    if (sessionId) this.closeSession(sessionId);
    await this.setNodeStatus(node, 'down', `heartbeat missed for ${(v.silentForMs / 1000).toFixed(1)}s`).catch((err: unknown) =>
      this.logger.warn({ err, 'node.id': node.id }, 'could not mark node down; will retry'),
    );
  }

  private openAssignments(call: ServerWritableStream<AssignmentsRequest__Output, AssignmentsMessage__Output>): void {
    const session = this.sessions.get(call.request.sessionId);
    if (!session) {
      call.emit('error', toGrpcError(new SessionInvalidError(call.request.sessionId)));
      return;
    }
    session.stream?.end();
    session.stream = call;
    session.sent = new Set();
    const drop = () => {
      if (session.stream === call) session.stream = undefined;
    };
    call.on('cancelled', drop);
    call.on('close', drop);
    call.on('error', drop);
    this.sendAssignments(session, 'complete', new Map(this.state.tasksOnNode(session.nodeId).map((t) => [t.id, t])));
  }

  /** Task changes are gathered and sent together, one message per node, not once per store event. */
  private pushAssignments(change: ChangeSet): void {
    for (const [nodeId, taskIds] of change.taskNodeIds) {
      const dirty = this.dirtyTasks.get(nodeId);
      if (dirty) for (const id of taskIds) dirty.add(id);
      else this.dirtyTasks.set(nodeId, new Set(taskIds));
    }
    if (this.dirtyTasks.size && !this.pushTimer) this.pushTimer = setTimeout(() => this.flushAssignments(), ASSIGNMENT_PUSH_MS);
  }

  private flushAssignments(): void {
    this.pushTimer = undefined;
    const dirty = this.dirtyTasks;
    this.dirtyTasks = new Map();
    for (const [nodeId, taskIds] of dirty) {
      const sessionId = this.sessionByNode.get(nodeId);
      const session = sessionId ? this.sessions.get(sessionId) : undefined;
      if (!session?.stream) continue;
      this.sendAssignments(session, 'incremental', new Map([...taskIds].map((id) => [id, this.state.get('tasks', id)])));
    }
  }

  /**
   * The complete set goes out when a stream opens (`changed` holds every task on the node); after
   * that, what changed in the tasks `changed` names (each with the task now, or undefined when gone).
   */
  private sendAssignments(session: Session, type: 'complete' | 'incremental', changed: ReadonlyMap<string, Task | undefined>): void {
    this.endUnreached(session, type, changed);
    const sent = type === 'complete' ? new Set<string>() : session.sent;
    const diff = planAssignmentDiff(session.nodeId, sent, changed);
    for (const t of diff.added) {
      sent.add(t.id);
      session.everSent.add(t.id);
    }
    for (const id of diff.removedIds) sent.delete(id);
    session.sent = sent;
    if (type === 'incremental' && diff.added.length === 0 && diff.removedIds.length === 0) return;
    session.sequence++;
    session.stream?.write({ type, sequence: session.sequence, tasks: diff.added, removedTaskIds: diff.removedIds });
  }

  /**
   * A task placed on the node in this session and taken away before it was ever sent never reached
   * an agent, so no agent will report it ended: it is ended here, as its agent would have.
   */
  private endUnreached(session: Session, type: 'complete' | 'incremental', changed: ReadonlyMap<string, Task | undefined>): void {
    const onNode = (id: string) => changed.get(id)?.nodeId === session.nodeId;
    for (const id of type === 'complete' ? session.everSent : changed.keys()) if (!onNode(id)) session.everSent.delete(id);
    const now = this.clock.now();
    const reports = [...changed.values()]
      .filter((t): t is Task => t !== undefined && t.nodeId === session.nodeId)
      .filter((t) => t.desiredState !== 'running' && t.status.state === 'assigned' && t.status.timestamp >= session.registeredAt && !session.everSent.has(t.id))
      .map((t) => ({ taskId: t.id, status: { ...t.status, state: 'shutdown', message: 'taken away before it reached its node', timestamp: now } }));
    if (reports.length === 0) return;
    this.statusWriter.submit(session.nodeId, reports).catch((err: unknown) => this.logger.warn({ err, 'node.id': session.nodeId }, 'could not end tasks that never reached their node'));
  }

  private openNetworkMap(call: MapStream): void {
    const session = this.sessions.get(call.request.sessionId);
    if (!session) {
      call.emit('error', toGrpcError(new SessionInvalidError(call.request.sessionId)));
      return;
    }
    session.mapStream?.end();
    session.mapStream = call;
    session.mapSent = '';
    const drop = () => {
      if (session.mapStream === call) session.mapStream = undefined;
    };
    call.on('cancelled', drop);
    call.on('close', drop);
    call.on('error', drop);
    this.sendNetworkMaps([session]);
  }

  /** Any change to networks, services, tasks (a task now running changes DNS) or nodes may change a map. */
  private pushNetworkMaps(change: ChangeSet): void {
    if (this.mapTimer || !MAP_KINDS.some((k) => change.kinds.has(k))) return;
    this.mapTimer = setTimeout(() => {
      this.mapTimer = undefined;
      this.sendNetworkMaps([...this.sessions.values()]);
    }, NETWORK_MAP_PUSH_MS);
  }

  private sendNetworkMaps(sessions: Session[]): void {
    const open = sessions.filter((s) => s.mapStream);
    if (open.length === 0) return;
    const input = { networks: this.state.list('networks'), services: this.state.list('services'), tasks: this.state.list('tasks'), nodes: this.state.list('nodes') };
    const maps = planNetworkMaps(open.map((s) => s.nodeId), input);
    const published = planPublishedServices(input);
    const publishedText = JSON.stringify(published);
    for (const session of open) {
      const networks = maps.get(session.nodeId) ?? [];
      const text = JSON.stringify(networks) + publishedText;
      if (text === session.mapSent) continue;
      session.mapSent = text;
      session.mapSequence++;
      session.mapStream!.write({ sequence: session.mapSequence, networks, published });
    }
  }
}
