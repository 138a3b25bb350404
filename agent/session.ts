// An agent's session with the manager: register, heartbeat, receive assignments and the node's network
// map as streams, and report task status in batches retried until acknowledged. Reconnects with backoff
// whenever the manager goes away or forgets the session; what the agent runs meanwhile is not touched.
// It also opens the node's log channel, on which the manager asks for containers' logs (log-relay.ts).
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { backoffDelayMs } from '../lib/backoff';
import type { AssignmentsMessage__Output } from '../proto/generated/shoal/v1/AssignmentsMessage';
import type { AgentLogMessage } from '../proto/generated/shoal/v1/AgentLogMessage';
import type { DispatcherClient } from '../proto/generated/shoal/v1/Dispatcher';
import type { LogRequest__Output } from '../proto/generated/shoal/v1/LogRequest';
import type { NetworkMap__Output } from '../proto/generated/shoal/v1/NetworkMap';
import type { NodeDescription, TaskStatus } from '../proto/types';
import { loadShoalProto } from '../proto/loader';
import { LogRelay } from './log-relay';
import type { ContainerRuntime } from './runtime/container-runtime';

/**
 * Reconnect after 100 ms, doubling to 1 s: a restarted manager gives known nodes 5 s to come back
 * (STARTUP_GRACE_MS in the dispatcher), so an agent retries several times within it.
 */
const RECONNECT_BACKOFF = { baseMs: 100, maxMs: 1000 };
/** Status reports gathered this long go out in one call. */
const STATUS_BATCH_MS = 20;
/** Most reports in one call. */
const STATUS_BATCH_MAX = 500;
/** Reports the manager did not acknowledge are sent again after this long (and at every new session). */
const STATUS_RETRY_MS = 500;
/** A unary call to the manager that takes longer than this has failed. */
const CALL_DEADLINE_MS = 10_000;
/** A stopping agent waits no longer than this to tell the manager it will be back. */
const AWAY_NOTICE_DEADLINE_MS = 1000;
/** A log channel that broke while the session lives is opened again after this long. */
const LOG_CHANNEL_RETRY_MS = 1000;

export interface SessionOptions {
  manager: string;
  description: NodeDescription;
  logger: Logger;
  /** Every assignments message as it comes; a complete set may span several (see agent/assignment-chunks.ts). */
  onAssignments: (msg: AssignmentsMessage__Output) => void;
  /**
   * Every network-map message as it comes: batches of changes, the first of every stream the whole map
   * (see agent/network-map-chunks.ts). Without it the map is not asked for.
   */
  onNetworkMap?: (map: NetworkMap__Output) => void;
  /** Called on every new session, with the node id the manager gave. */
  onRegistered?: (nodeId: string) => void;
  /** Reads containers' logs for the manager's log requests; without it no log channel is opened. */
  logSource?: Pick<ContainerRuntime, 'logs'>;
}

type Report = { taskId: string; status: TaskStatus };

export class AgentSession {
  private readonly client: DispatcherClient;
  private sessionId = '';
  private nodeIdNow = '';
  private stopped = false;
  private attempt = 0;
  private heartbeatTimer?: NodeJS.Timeout;
  private stream?: grpc.ClientReadableStream<AssignmentsMessage__Output>;
  private mapStream?: grpc.ClientReadableStream<NetworkMap__Output>;
  private logChannel?: { stream: grpc.ClientDuplexStream<AgentLogMessage, LogRequest__Output>; relay: LogRelay };
  private logRetryTimer?: NodeJS.Timeout;
  private pending = new Map<string, Report>();
  private flushTimer?: NodeJS.Timeout;
  private flushing = false;
  private reconnecting = false;

  constructor(private readonly opts: SessionOptions) {
    const proto = loadShoalProto();
    this.client = new proto.shoal.v1.Dispatcher(opts.manager, grpc.credentials.createInsecure());
  }

  get nodeId(): string {
    return this.nodeIdNow;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  /** Stops talking to the manager (a real stop, or a simulated lost host). */
  /**
   * Ends the session. With `awayMs`, first tells the manager this agent will be back within that
   * long (a restart), so its node is not declared down meanwhile; a manager that cannot be told in
   * time simply hears nothing, as from a crash.
   */
  async stop(awayMs = 0): Promise<void> {
    const sessionId = this.sessionId;
    if (awayMs > 0 && sessionId && !this.stopped) {
      await new Promise<void>((done) =>
        this.client.Heartbeat({ sessionId, awayMs }, { deadline: Date.now() + AWAY_NOTICE_DEADLINE_MS }, () => done()),
      );
    }
    this.stopped = true;
    this.teardown();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.client.close();
  }

  /** Queues a status report; the newest report per task wins. Sent in batches, retried until acknowledged. */
  report(taskId: string, status: TaskStatus): void {
    this.pending.set(taskId, { taskId, status });
    if (!this.flushTimer) this.flushTimer = setTimeout(() => void this.flush(), STATUS_BATCH_MS);
  }

  private deadline(): grpc.CallOptions {
    return { deadline: Date.now() + CALL_DEADLINE_MS };
  }

  private teardown(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    if (this.logRetryTimer) clearTimeout(this.logRetryTimer);
    const s = this.stream;
    const m = this.mapStream;
    const l = this.logChannel;
    this.stream = undefined;
    this.mapStream = undefined;
    this.logChannel = undefined;
    s?.cancel();
    m?.cancel();
    l?.relay.close();
    l?.stream.cancel();
    this.sessionId = '';
  }

  private reconnect(reason: string, err?: unknown): void {
    if (this.stopped || this.reconnecting) return;
    this.reconnecting = true;
    this.teardown();
    const delay = backoffDelayMs(this.attempt++, RECONNECT_BACKOFF);
    this.opts.logger.warn({ err, reason, 'retry.ms': delay }, 'session lost; reconnecting');
    setTimeout(() => {
      this.reconnecting = false;
      void this.connect();
    }, delay);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const res = await new Promise<{ nodeId: string; sessionId: string; heartbeatIntervalMs: number }>(
        (resolve, reject) =>
          this.client.Register({ description: this.opts.description }, this.deadline(), (err, r) =>
            err || !r ? reject(err ?? new Error('no reply')) : resolve(r),
          ),
      );
      if (this.stopped) return;
      this.sessionId = res.sessionId;
      this.nodeIdNow = res.nodeId;
      this.attempt = 0;
      this.opts.logger.info({ 'node.id': res.nodeId, 'session.id': res.sessionId }, 'registered with manager');
      this.opts.onRegistered?.(res.nodeId);
      this.openStream(res.sessionId);
      if (this.opts.onNetworkMap) this.openMapStream(res.sessionId, this.opts.onNetworkMap);
      if (this.opts.logSource) this.openLogChannel(res.sessionId, this.opts.logSource);
      this.scheduleHeartbeat(res.heartbeatIntervalMs);
      if (this.pending.size) void this.flush();
    } catch (err) {
      this.reconnect('register failed', err);
    }
  }

  private openStream(sessionId: string): void {
    const stream = this.client.Assignments({ sessionId });
    this.stream = stream;
    stream.on('data', (msg: AssignmentsMessage__Output) => this.opts.onAssignments(msg));
    stream.on('error', (err: grpc.ServiceError) => {
      if (this.stream === stream && err.code !== grpc.status.CANCELLED) this.reconnect('assignment stream failed', err);
    });
    stream.on('end', () => {
      if (this.stream === stream) this.reconnect('assignment stream ended');
    });
  }

  private openMapStream(sessionId: string, onNetworkMap: (map: NetworkMap__Output) => void): void {
    const stream = this.client.WatchNetworkMap({ sessionId });
    this.mapStream = stream;
    stream.on('data', (map: NetworkMap__Output) => onNetworkMap(map));
    stream.on('error', (err: grpc.ServiceError) => {
      if (this.mapStream === stream && err.code !== grpc.status.CANCELLED)
        this.reconnect('network map stream failed', err);
    });
    stream.on('end', () => {
      if (this.mapStream === stream) this.reconnect('network map stream ended');
    });
  }

  /** The first message names the session; then requests come in and the relay's answers go out. */
  private openLogChannel(sessionId: string, source: Pick<ContainerRuntime, 'logs'>): void {
    const stream = this.client.Logs();
    const relay = new LogRelay(source, (msg) => stream.write(msg), this.opts.logger);
    this.logChannel = { stream, relay };
    stream.write({ sessionId });
    stream.on('data', (req: LogRequest__Output) => relay.onRequest(req));
    const lost = (err?: grpc.ServiceError) => {
      relay.close();
      if (this.logChannel?.stream !== stream) return;
      this.logChannel = undefined;
      if (err?.code === grpc.status.NOT_FOUND) return this.reconnect('session unknown to manager', err);
      this.opts.logger.warn({ err, 'retry.ms': LOG_CHANNEL_RETRY_MS }, 'log channel lost; opening it again');
      this.logRetryTimer = setTimeout(() => {
        if (this.sessionId === sessionId && !this.logChannel) this.openLogChannel(sessionId, source);
      }, LOG_CHANNEL_RETRY_MS);
    };
    stream.on('error', (err: grpc.ServiceError) => lost(err));
    stream.on('end', () => lost());
  }

  private scheduleHeartbeat(intervalMs: number): void {
    this.heartbeatTimer = setTimeout(() => {
      const sessionId = this.sessionId;
      this.client.Heartbeat({ sessionId }, this.deadline(), (err, res) => {
        if (this.stopped || sessionId !== this.sessionId) return;
        if (err) this.reconnect('heartbeat failed', err);
        else this.scheduleHeartbeat(res?.heartbeatIntervalMs || intervalMs);
      });
    }, intervalMs);
  }

  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    if (this.flushing || !this.sessionId || this.pending.size === 0) return;
    this.flushing = true;
    const batch = [...this.pending.values()].slice(0, STATUS_BATCH_MAX);
    let retryMs = STATUS_BATCH_MS;
    try {
      await new Promise<void>((resolve, reject) =>
        this.client.UpdateTaskStatus({ sessionId: this.sessionId, updates: batch }, this.deadline(), (err) =>
          err ? reject(err) : resolve(),
        ),
      );
      for (const r of batch) if (this.pending.get(r.taskId) === r) this.pending.delete(r.taskId);
    } catch (err) {
      retryMs = STATUS_RETRY_MS;
      this.opts.logger.warn({ err, reports: batch.length }, 'status report not acknowledged; will retry');
      if ((err as grpc.ServiceError).code === grpc.status.NOT_FOUND) this.reconnect('session unknown to manager', err);
    } finally {
      this.flushing = false;
    }
    if (this.pending.size && !this.flushTimer && !this.stopped) {
      this.flushTimer = setTimeout(() => void this.flush(), retryMs);
    }
  }
}
