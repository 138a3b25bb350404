// The agent's side of the log channel: for each log request of the manager, reads the containers it
// names through the container runtime and sends their lines back, tagged with the request id, in
// batches; then an end marker. A container that no longer exists has nothing to say (an ended task's
// container is removed); any other failure is reported for its task while the others go on.
import type { Logger } from 'pino';
import { systemTimers, type TimerHandle, type Timers } from '../lib/clock';
import { NotFoundError } from '../proto/errors';
import type { AgentLogMessage } from '../proto/generated/shoal/v1/AgentLogMessage';
import type { LogLine } from '../proto/generated/shoal/v1/LogLine';
import type { LogRequest__Output } from '../proto/generated/shoal/v1/LogRequest';
import type { ContainerRuntime } from './runtime/container-runtime';

/** A message carries at most this much text: far below gRPC's 4 MiB message limit, large enough to be cheap. */
const LOG_BATCH_BYTES = 64 * 1024;
/** Lines that arrive within this long go out in one message. */
const LOG_BATCH_MS = 20;

interface Read {
  stops: (() => void)[];
  /** Containers whose log has not ended yet. */
  remaining: number;
  batch: LogLine[];
  batchBytes: number;
  timer?: TimerHandle;
}

export class LogRelay {
  private readonly reads = new Map<string, Read>();

  constructor(
    private readonly runtime: Pick<ContainerRuntime, 'logs'>,
    private readonly send: (msg: AgentLogMessage) => void,
    private readonly logger: Logger,
    private readonly timers: Timers = systemTimers,
  ) {}

  onRequest(req: LogRequest__Output): void {
    if (req.cancel) return this.stop(req.requestId);
    const read: Read = { stops: [], remaining: req.targets.length, batch: [], batchBytes: 0 };
    this.reads.set(req.requestId, read);
    this.logger.debug({ 'request.id': req.requestId, tasks: req.targets.length, follow: req.follow }, 'log request');
    if (read.remaining === 0) return this.finish(req.requestId, read);
    const opts = { follow: req.follow, tail: req.tail, since: req.since };
    for (const { taskId, containerId } of req.targets) {
      const stop = this.runtime.logs(
        containerId,
        opts,
        (line) => this.add(req.requestId, read, { taskId, ...line }),
        (err) => this.ended(req.requestId, read, taskId, err),
      );
      read.stops.push(stop);
    }
  }

  /** The channel is gone: every read stops, and nothing more is sent. */
  close(): void {
    for (const id of [...this.reads.keys()]) this.stop(id);
  }

  private stop(requestId: string): void {
    const read = this.reads.get(requestId);
    if (!read) return;
    this.reads.delete(requestId);
    if (read.timer) this.timers.clearTimeout(read.timer);
    for (const stop of read.stops) stop();
  }

  private add(requestId: string, read: Read, line: LogLine): void {
    read.batch.push(line);
    read.batchBytes += line.text?.length ?? 0;
    if (read.batchBytes >= LOG_BATCH_BYTES) this.flush(requestId, read);
    else read.timer ??= this.timers.setTimeout(() => this.flush(requestId, read), LOG_BATCH_MS);
  }

  private flush(requestId: string, read: Read): void {
    if (read.timer) this.timers.clearTimeout(read.timer);
    read.timer = undefined;
    if (read.batch.length === 0) return;
    this.send({ requestId, lines: read.batch });
    read.batch = [];
    read.batchBytes = 0;
  }

  private ended(requestId: string, read: Read, taskId: string, err?: Error): void {
    if (err && !(err instanceof NotFoundError)) {
      this.flush(requestId, read);
      this.logger.warn({ err, 'task.id': taskId }, 'could not read the log of a task');
      this.send({ requestId, taskId, error: err.message });
    }
    if (--read.remaining === 0) this.finish(requestId, read);
  }

  private finish(requestId: string, read: Read): void {
    this.flush(requestId, read);
    this.reads.delete(requestId);
    this.send({ requestId, end: true });
  }
}
