// The agents' sessions: one open session per node (a new registration replaces the node's old one),
// the server streams attached to each, and ending a session, which fails its streams and log channel.
import type { ServerWritableStream } from '@grpc/grpc-js';
import { SessionInvalidError } from '../../proto/errors';
import { toGrpcError } from '../../proto/grpc-errors';
import type { AssignmentsMessage__Output } from '../../proto/generated/shoal/v1/AssignmentsMessage';
import type { AssignmentsRequest__Output } from '../../proto/generated/shoal/v1/AssignmentsRequest';
import type { NetworkMap__Output } from '../../proto/generated/shoal/v1/NetworkMap';
import type { NetworkMapRequest__Output } from '../../proto/generated/shoal/v1/NetworkMapRequest';
import type { LogRouter } from './log-router';

export type AssignmentsCall = ServerWritableStream<AssignmentsRequest__Output, AssignmentsMessage__Output>;
export type NetworkMapCall = ServerWritableStream<NetworkMapRequest__Output, NetworkMap__Output>;

/** A server stream an agent opens for its session: its request names the session. */
type SessionCall = ServerWritableStream<{ sessionId: string }, never>;

/** A session's place for one kind of stream: the one open now, if any, and what was sent on that kind. */
interface StreamSlot<C> {
  stream?: C;
  /** Messages sent on this kind of stream in the session, numbered from 1. */
  sequence: number;
}

export interface Session {
  id: string;
  nodeId: string;
  /** When the session was registered, on the store's clock. */
  registeredAt: number;
  assignments: StreamSlot<AssignmentsCall> & {
    /** The tasks the open stream was sent and the node must still run. */
    sent: Set<string>;
    /** Every task sent in this session, while it is on the node: what an agent may have started. */
    everSent: Set<string>;
  };
  networkMap: StreamSlot<NetworkMapCall> & {
    /** The networks the open stream was sent: later changes of these go to it, other networks go whole. */
    networks: Set<string>;
  };
}

export class SessionTable {
  private readonly byId = new Map<string, Session>();
  private readonly byNode = new Map<string, Session>();

  /** Ends its log channel with the session. */
  constructor(private readonly logs: LogRouter) {}

  /** Opens session `id` for the node, ending the session the node had. */
  open(id: string, nodeId: string, registeredAt: number): Session {
    this.closeNode(nodeId);
    const session: Session = {
      id,
      nodeId,
      registeredAt,
      assignments: { sent: new Set(), everSent: new Set(), sequence: 0 },
      networkMap: { networks: new Set(), sequence: 0 },
    };
    this.byId.set(id, session);
    this.byNode.set(nodeId, session);
    return session;
  }

  get(id: string): Session | undefined {
    return this.byId.get(id);
  }

  /** The session, or the error that tells an agent to register again. */
  require(id: string): Session {
    const s = this.byId.get(id);
    if (!s) throw new SessionInvalidError(id);
    return s;
  }

  ofNode(nodeId: string): Session | undefined {
    return this.byNode.get(nodeId);
  }

  all(): Session[] {
    return [...this.byId.values()];
  }

  /**
   * Attaches a stream to the session its request names, in the slot `slotOf` picks: a newer stream
   * of a kind ends the older, and a stream leaves its slot when it closes. A call naming no open
   * session fails at once (its agent registers again): undefined then.
   */
  attach<C extends SessionCall>(call: C, slotOf: (s: Session) => StreamSlot<C>): Session | undefined {
    const session = this.byId.get(call.request.sessionId);
    if (!session) {
      call.emit('error', toGrpcError(new SessionInvalidError(call.request.sessionId)));
      return undefined;
    }
    const slot = slotOf(session);
    slot.stream?.end();
    slot.stream = call;
    const drop = () => {
      if (slot.stream === call) slot.stream = undefined;
    };
    call.on('cancelled', drop);
    call.on('close', drop);
    call.on('error', drop);
    return session;
  }

  /** Ends the node's session: its streams and log channel fail with "session invalid". */
  closeNode(nodeId: string): void {
    const s = this.byNode.get(nodeId);
    if (!s) return;
    s.assignments.stream?.emit('error', toGrpcError(new SessionInvalidError(s.id)));
    s.networkMap.stream?.emit('error', toGrpcError(new SessionInvalidError(s.id)));
    this.logs.closeSession(nodeId, s.id, "the node's agent session ended");
    this.byId.delete(s.id);
    this.byNode.delete(nodeId);
  }

  /** The manager is stopping: every stream ends cleanly. */
  closeAll(): void {
    for (const s of this.byId.values()) {
      s.assignments.stream?.end();
      s.networkMap.stream?.end();
    }
    this.byId.clear();
    this.byNode.clear();
  }
}
