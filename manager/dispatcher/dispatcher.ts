// The Dispatcher service, wired: agents register (registration.ts) into the session table
// (sessions.ts), beat (heartbeats.ts), follow their assignment and network-map streams
// (assignment-stream.ts, network-map-stream.ts), open their log channel (log-router.ts) and report
// task status (status-writer.ts).
import type { Logger } from 'pino';
import { steadyClock, type Clock } from '../../lib/clock';
import type { DispatcherHandlers } from '../../proto/generated/shoal/v1/Dispatcher';
import { unary } from '../grpc-adapter';
import type { ChangeSet, ClusterState } from '../state/cluster-state';
import type { Store } from '../store/store';
import { AssignmentStream } from './assignment-stream';
import { Heartbeats } from './heartbeats';
import { LogRouter } from './log-router';
import { NetworkMapStream } from './network-map-stream';
import { Registration } from './registration';
import { SessionTable } from './sessions';
import { StatusWriter } from './status-writer';

export interface DispatcherOptions {
  heartbeatIntervalMs: number;
  nodeTimeoutMs: number;
}

export class Dispatcher {
  /** The agents' log channels, for the control API's ServiceLogs. */
  readonly logs: LogRouter;
  private readonly sessions: SessionTable;
  private readonly heartbeats: Heartbeats;
  private readonly registration: Registration;
  private readonly statusWriter: StatusWriter;
  private readonly assignments: AssignmentStream;
  private readonly networkMaps: NetworkMapStream;
  private readonly onChange = (c: ChangeSet) => {
    this.assignments.onChange(c);
    this.networkMaps.onChange(c);
  };

  constructor(
    private readonly state: ClusterState,
    store: Store,
    clock: Clock,
    private readonly logger: Logger,
    private readonly opts: DispatcherOptions,
    newId: () => string,
    /** Liveness: how long a node has been silent, measured on a clock a changed system time does not move. */
    steady: Clock = steadyClock,
  ) {
    this.logs = new LogRouter(logger, newId);
    this.sessions = new SessionTable(this.logs);
    this.heartbeats = new Heartbeats(state, store, this.sessions, clock, steady, logger, opts.nodeTimeoutMs);
    this.registration = new Registration(state, store, this.sessions, this.heartbeats, clock, logger, newId);
    this.statusWriter = new StatusWriter(store, state, logger, () => clock.now());
    this.assignments = new AssignmentStream(state, this.sessions, this.statusWriter, clock, logger);
    this.networkMaps = new NetworkMapStream(state, this.sessions);
  }

  start(): void {
    this.heartbeats.start();
    this.networkMaps.start();
    this.state.on('change', this.onChange);
  }

  stop(): void {
    this.state.off('change', this.onChange);
    this.heartbeats.stop();
    this.assignments.stop();
    this.networkMaps.stop();
    this.sessions.closeAll();
    this.logs.closeAll('the manager is stopping');
  }

  handlers(): DispatcherHandlers {
    const log = this.logger;
    const heartbeatIntervalMs = this.opts.heartbeatIntervalMs;
    return {
      Register: unary('Register', log, async (req) => ({
        ...(await this.registration.register(req)),
        heartbeatIntervalMs,
      })),
      Heartbeat: unary('Heartbeat', log, async (req) => {
        await this.heartbeats.beat(req.sessionId, req.awayMs);
        return { heartbeatIntervalMs };
      }),
      UpdateTaskStatus: unary('UpdateTaskStatus', log, async (req) => {
        const session = this.sessions.require(req.sessionId);
        this.heartbeats.seen(session.nodeId);
        await this.statusWriter.submit(
          session.nodeId,
          req.updates.filter((u) => u.status).map((u) => ({ taskId: u.taskId, status: u.status! })),
        );
        return {};
      }),
      Assignments: (call) => this.assignments.open(call),
      WatchNetworkMap: (call) => this.networkMaps.open(call),
      Logs: (call) => this.logs.open(call, (sessionId) => this.sessions.get(sessionId)?.nodeId),
    };
  }
}
