// Control API: `service logs`. Asks the agent of every node with tasks of the service for their
// containers' logs, tags each line with its task and node, and ends once every read has ended. With
// follow it also asks for the logs of tasks that start later, until the client hangs up (every read
// on the agents is then cancelled) or the service is gone and its last read has ended. A task that
// starts later is read whole: all of its log is newer than the request. A task whose node cannot
// answer (its agent restarting or cut off) is named once and followed again, from when its read was
// lost, once its agent is back.
import type { ServerWritableStream } from '@grpc/grpc-js';
import { InvalidArgumentError } from '../../proto/errors';
import type { LogLine__Output } from '../../proto/generated/shoal/v1/LogLine';
import type { ServiceLogsMessage } from '../../proto/generated/shoal/v1/ServiceLogsMessage';
import type { ServiceLogsRequest__Output } from '../../proto/generated/shoal/v1/ServiceLogsRequest';
import type { TaskLogLine } from '../../proto/generated/shoal/v1/TaskLogLine';
import { toGrpcError } from '../../proto/grpc-errors';
import { taskName } from '../../domain/naming';
import type { Service } from '../../proto/types';
import type { ControlDeps } from './deps';
import { planLogTargets, type TaskLogSource } from './log-targets';
import { resolveService } from './resolve';
import { isBehind } from './slow-client';

type LogsCall = ServerWritableStream<ServiceLogsRequest__Output, ServiceLogsMessage>;

/** With follow, tasks that got a container are looked for at most this often. */
const NEW_TASKS_CHECK_MS = 100;
/**
 * With follow, how often tasks on a node that cannot answer are asked for again: an agent that comes
 * back opens its log channel a moment after it registers, and the channel's opening changes no state.
 */
const UNREACHABLE_RECHECK_MS = 1000;

function checkRequest(req: ServiceLogsRequest__Output): void {
  if (!Number.isInteger(req.tail) || req.tail < -1)
    throw new InvalidArgumentError(`tail must be a number of lines, or -1 for all; got ${req.tail}`);
  if (req.since < 0) throw new InvalidArgumentError(`since must be a time; got ${req.since}`);
}

function toTaskLogLine(source: TaskLogSource, line: LogLine__Output): TaskLogLine {
  return {
    taskId: source.taskId,
    service: source.service,
    slot: source.slot,
    nodeId: source.nodeId,
    node: source.node,
    line,
  };
}

export function serviceLogs(deps: ControlDeps, call: LogsCall): void {
  const req = call.request;
  let service: Service;
  try {
    checkRequest(req);
    service = resolveService(deps.state.list('services'), req.service);
  } catch (err) {
    call.emit('error', toGrpcError(err));
    return;
  }
  const sources = new Map<string, TaskLogSource>();
  const handled = new Set<string>();
  /** Following: tasks already named in a notice as unreachable, so it is said once. */
  const noticed = new Set<string>();
  /** Following: tasks whose read was lost with their node's log channel, and since when to read them again. */
  const resumeSince = new Map<string, number>();
  const reads = new Set<() => void>();
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  /** The request's tail for the tasks there are at first; the tasks found later are read whole. */
  let tail = req.tail;

  /**
   * Following, lines not sent because the client fell behind (slow-client.ts); it is told once it
   * catches up. A read without follow ends by itself and is sent whole, however slowly it is read.
   */
  let dropped = 0;
  const send = (msg: ServiceLogsMessage) => {
    if (closed) return;
    if (req.follow && isBehind(call)) {
      dropped += msg.lines?.length ?? 0;
      return;
    }
    if (dropped > 0)
      call.write({
        lines: [],
        notice:
          `${dropped} ${dropped === 1 ? 'line' : 'lines'} dropped: ` +
          'the client read more slowly than the tasks wrote',
      });
    dropped = 0;
    call.write(msg);
  };
  const notice = (text: string) => send({ lines: [], notice: text });
  const stop = () => {
    closed = true;
    deps.state.off('change', onStateChange);
    if (timer) clearTimeout(timer);
    for (const cancel of reads) cancel();
    reads.clear();
  };
  const endIfDone = () => {
    if (closed || reads.size > 0 || (req.follow && deps.state.get('services', service.id))) return;
    stop();
    call.end();
  };

  /** Reads the targets on one node: a task read again after a lost channel from when it was lost. */
  const readFrom = (nodeId: string, targets: TaskLogSource[]) => {
    const resumed = targets.filter((t) => resumeSince.has(t.taskId));
    const fresh = targets.filter((t) => !resumeSince.has(t.taskId));
    if (fresh.length > 0) request(nodeId, fresh, tail, req.since);
    for (const t of resumed) {
      request(nodeId, [t], -1, resumeSince.get(t.taskId)!);
      resumeSince.delete(t.taskId);
    }
  };

  const request = (nodeId: string, targets: TaskLogSource[], tailLines: number, since: number) => {
    for (const t of targets) sources.set(t.taskId, t);
    const node = targets[0]!.node;
    // The plan was made from the channels there are now, so the node has one.
    const cancel: () => void = deps.logs.request(
      nodeId,
      {
        targets: targets.map((t) => ({ taskId: t.taskId, containerId: t.containerId })),
        follow: req.follow,
        tail: tailLines,
        since,
      },
      {
        onLines: (lines) =>
          send({
            lines: lines.filter((l) => sources.has(l.taskId)).map((l) => toTaskLogLine(sources.get(l.taskId)!, l)),
            notice: '',
          }),
        onTaskError: (taskId, message) => {
          const t = sources.get(taskId);
          notice(`${t ? taskName(t.service, t.slot, t.nodeId) : taskId}@${node}: ${message}`);
        },
        onEnd: (lost) => {
          reads.delete(cancel);
          if (lost) notice(`${node}: ${lost}; its logs may be incomplete`);
          if (lost && req.follow && !closed) {
            // Followed again once the node can answer, from now: what was sent before is not repeated.
            for (const t of targets) {
              handled.delete(t.taskId);
              noticed.add(t.taskId);
              resumeSince.set(t.taskId, deps.clock.now());
            }
            onChange();
          }
          endIfDone();
        },
      },
    )!;
    reads.add(cancel);
  };

  const readNewTasks = () => {
    timer = undefined;
    if (closed) return;
    const nodesById = new Map(deps.state.list('nodes').map((n) => [n.id, n]));
    const plan = planLogTargets(
      deps.state.tasksOf(service.id),
      nodesById,
      (id) => deps.logs.hasChannel(id),
      handled,
      req.follow,
      noticed,
    );
    for (const id of plan.handled) handled.add(id);
    for (const id of plan.unreachable) noticed.add(id);
    for (const text of plan.notices) notice(text);
    for (const [nodeId, targets] of plan.requests) readFrom(nodeId, targets);
    tail = -1;
    if (plan.unreachable.length > 0) onChange(UNREACHABLE_RECHECK_MS);
    endIfDone();
  };
  function onChange(delayMs = NEW_TASKS_CHECK_MS): void {
    if (!timer) timer = setTimeout(readNewTasks, delayMs);
  }
  function onStateChange(): void {
    onChange();
  }

  if (req.follow) deps.state.on('change', onStateChange);
  call.on('cancelled', stop);
  call.on('close', stop);
  call.on('error', stop);
  readNewTasks();
}
