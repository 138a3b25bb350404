// The agents' log channels. The manager cannot dial agents, so each agent opens one `Logs` stream per
// session; log requests go down it and the agent answers with lines tagged with the request id. The
// router keeps one channel per node and routes each answer to whoever asked.
import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { SessionInvalidError } from '../../proto/errors';
import type { AgentLogMessage__Output } from '../../proto/generated/shoal/v1/AgentLogMessage';
import type { LogLine__Output } from '../../proto/generated/shoal/v1/LogLine';
import type { LogRequest } from '../../proto/generated/shoal/v1/LogRequest';
import type { LogTarget } from '../../proto/generated/shoal/v1/LogTarget';
import { toGrpcError } from '../../proto/grpc-errors';

export type LogCall = ServerDuplexStream<AgentLogMessage__Output, LogRequest>;

export interface LogRequestSpec {
  targets: LogTarget[];
  follow: boolean;
  /** Lines from the end of each container's log; -1 = all. */
  tail: number;
  /** Unix ms; 0 = from the start. */
  since: number;
}

export interface LogSubscriber {
  onLines(lines: LogLine__Output[]): void;
  /** One task's log could not be read; the others go on. */
  onTaskError(taskId: string, message: string): void;
  /** The request is over: every container is done, or, with `lost`, the node's channel went away. */
  onEnd(lost?: string): void;
}

interface Channel {
  nodeId: string;
  sessionId: string;
  call: LogCall;
  requests: Map<string, LogSubscriber>;
}

export class LogRouter {
  private readonly channels = new Map<string, Channel>();

  constructor(
    private readonly logger: Logger,
    private readonly newId: () => string,
  ) {}

  /** An agent opened its log channel; its first message names its session, `nodeOfSession` its node. */
  open(call: LogCall, nodeOfSession: (sessionId: string) => string | undefined): void {
    let channel: Channel | undefined;
    call.on('data', (msg: AgentLogMessage__Output) => {
      if (channel) return this.deliver(channel, msg);
      const nodeId = nodeOfSession(msg.sessionId);
      if (!nodeId) return void call.emit('error', toGrpcError(new SessionInvalidError(msg.sessionId)));
      const old = this.channels.get(nodeId);
      if (old) this.close(old, 'the node opened a new log channel');
      channel = { nodeId, sessionId: msg.sessionId, call, requests: new Map() };
      this.channels.set(nodeId, channel);
      this.logger.debug({ 'node.id': nodeId }, 'log channel open');
    });
    const gone = () => {
      if (channel) this.drop(channel, "lost the log channel to the node's agent");
    };
    call.on('end', () => {
      gone();
      call.end();
    });
    call.on('cancelled', gone);
    call.on('error', gone);
    call.on('close', gone);
  }

  hasChannel(nodeId: string): boolean {
    return this.channels.has(nodeId);
  }

  /** Sends a log request to the node; returns its cancel function, or undefined when the node has no channel. */
  request(nodeId: string, spec: LogRequestSpec, subscriber: LogSubscriber): (() => void) | undefined {
    const channel = this.channels.get(nodeId);
    if (!channel) return undefined;
    const requestId = this.newId();
    channel.requests.set(requestId, subscriber);
    channel.call.write({ requestId, ...spec });
    return () => {
      if (channel.requests.delete(requestId) && this.channels.get(nodeId) === channel)
        channel.call.write({ requestId, cancel: true });
    };
  }

  /** The node's session `sessionId` ended: its channel is closed and every request on it ends, saying `why`. */
  closeSession(nodeId: string, sessionId: string, why: string): void {
    const channel = this.channels.get(nodeId);
    if (channel?.sessionId !== sessionId) return;
    this.drop(channel, why);
    channel.call.emit('error', toGrpcError(new SessionInvalidError(sessionId)));
  }

  closeAll(why: string): void {
    for (const channel of [...this.channels.values()]) this.close(channel, why);
  }

  private close(channel: Channel, why: string): void {
    this.drop(channel, why);
    channel.call.end();
  }

  private drop(channel: Channel, why: string): void {
    if (this.channels.get(channel.nodeId) === channel) this.channels.delete(channel.nodeId);
    const subscribers = [...channel.requests.values()];
    channel.requests.clear();
    for (const s of subscribers) s.onEnd(why);
  }

  private deliver(channel: Channel, msg: AgentLogMessage__Output): void {
    const subscriber = channel.requests.get(msg.requestId);
    if (!subscriber) return; // cancelled while the agent was answering
    if (msg.lines.length) subscriber.onLines(msg.lines);
    if (msg.error) subscriber.onTaskError(msg.taskId, msg.error);
    if (msg.end) {
      channel.requests.delete(msg.requestId);
      subscriber.onEnd();
    }
  }
}
