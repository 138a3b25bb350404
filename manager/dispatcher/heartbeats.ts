// Heartbeats and the liveness loop: when each node was last heard from (in memory only, on a steady
// clock), a check every 100 ms that marks silent nodes down (liveness.ts judges) and ends their
// sessions, and a beat that brings a down node back up. The store is written only when a node's
// status changes.
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import type { Node } from '../../proto/types';
import type { ClusterState } from '../state/cluster-state';
import type { Store } from '../store/store';
import { managerStallMs, planNodesDown } from './liveness';
import type { SessionTable } from './sessions';

/** How often liveness is checked: adds at most a tenth of a second to the node timeout. */
const LIVENESS_CHECK_MS = 100;
/**
 * A check later than this beyond its interval means the manager stalled: far above timer jitter,
 * well below the node timeout.
 */
const STALL_TOLERANCE_MS = 150;
/**
 * Nodes known from before this manager started get this long to reconnect: agents retry at least once
 * a second, so each has several tries even while the new manager is busy starting.
 */
const STARTUP_GRACE_MS = 5000;
/** The longest a restarting agent's node is kept up without beats: a restart that takes longer is a failure to heal. */
const MAX_AWAY_MS = 30_000;

export class Heartbeats {
  /**
   * By node id, when it was last heard from (or until when a restarting agent asked to be waited
   * for), on the steady clock.
   */
  private readonly lastSeen = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private lastCheck = 0;
  /** A liveness check is writing nodes down: the next check waits for it rather than judge from a stale view. */
  private markingDown = false;

  constructor(
    private readonly state: ClusterState,
    private readonly store: Store,
    private readonly sessions: SessionTable,
    /** For the time of day a node was last seen, as written in its record. */
    private readonly clock: Clock,
    /** Silences, measured on a clock a changed system time does not move. */
    private readonly steady: Clock,
    private readonly logger: Logger,
    private readonly nodeTimeoutMs: number,
  ) {}

  /** Nodes known from before are given the startup grace; the liveness loop starts. */
  start(): void {
    const now = this.steady.now();
    const grace = Math.max(0, STARTUP_GRACE_MS - this.nodeTimeoutMs);
    for (const n of this.state.list('nodes')) this.lastSeen.set(n.id, now + grace);
    this.lastCheck = now;
    this.timer = setInterval(() => void this.check(), LIVENESS_CHECK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The node registered: heard from now, whatever a restarting agent had asked for before. */
  registered(nodeId: string): void {
    this.lastSeen.set(nodeId, this.steady.now());
  }

  /** The node's agent was heard from (a status report): as good as a beat for liveness. */
  seen(nodeId: string): void {
    this.markSeen(nodeId, this.steady.now());
  }

  /** A beat; with `awayMs`, the agent is stopping to restart: its node counts as seen until then (capped). */
  async beat(sessionId: string, awayMs = 0): Promise<void> {
    const session = this.sessions.require(sessionId);
    this.markSeen(session.nodeId, this.steady.now() + Math.min(awayMs, MAX_AWAY_MS));
    if (awayMs > 0)
      this.logger.info({ 'node.id': session.nodeId, awayMs }, 'agent stopping to restart; its node stays up meanwhile');
    const node = this.state.get('nodes', session.nodeId);
    if (node && node.status !== 'ready') await this.setNodeStatus(node, 'ready', '');
  }

  /** Seen alive until `until`; never earlier than a restarting agent asked for. */
  private markSeen(nodeId: string, until: number): void {
    this.lastSeen.set(nodeId, Math.max(this.lastSeen.get(nodeId) ?? 0, until));
  }

  private async setNodeStatus(node: Node, status: 'ready' | 'down', message: string): Promise<void> {
    const seen = this.lastSeen.get(node.id);
    // lastSeen as the time of day.
    const lastSeen = seen === undefined ? 0 : this.clock.now() - Math.max(0, this.steady.now() - seen);
    const value: Node = { ...node, status, statusMessage: message, lastSeen };
    await this.store.commit([{ op: 'put', kind: 'nodes', id: node.id, value, expectVersion: node.meta.version }]);
    this.logger.info(
      { 'node.id': node.id, 'node.hostname': node.description.hostname, status, reason: message },
      `node ${status}`,
    );
  }

  private async check(): Promise<void> {
    const now = this.steady.now();
    const stalled = managerStallMs(this.lastCheck, now, LIVENESS_CHECK_MS, STALL_TOLERANCE_MS);
    this.lastCheck = now;
    if (stalled > 0) {
      for (const [id, seen] of this.lastSeen) this.lastSeen.set(id, seen + stalled);
      this.logger.warn({ stalledMs: stalled }, 'manager stalled; not counted against the nodes');
    }
    if (this.markingDown) return; // the last check's writes are still under way; it judges each node as it goes
    this.markingDown = true;
    try {
      for (const v of planNodesDown(this.state.list('nodes'), this.lastSeen, now, this.nodeTimeoutMs))
        await this.markDown(v.nodeId);
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
    const [v] = node ? planNodesDown([node], this.lastSeen, this.steady.now(), this.nodeTimeoutMs) : [];
    if (!node || !v) return;
    this.sessions.closeNode(node.id);
    await this.setNodeStatus(node, 'down', `heartbeat missed for ${(v.silentForMs / 1000).toFixed(1)}s`).catch(
      (err: unknown) => this.logger.warn({ err, 'node.id': node.id }, 'could not mark node down; will retry'),
    );
  }
}
