// `service logs`: one line of a task's output, prefixed with the task and node it comes from.
import type { TaskLogLine__Output } from '../../proto/generated/shoal/v1/TaskLogLine';
import { taskName } from '../../domain/naming';
import { shortId } from './table';

export interface LogLineOptions {
  noTrunc: boolean;
  timestamps: boolean;
}

/**
 * "web_app.1.abcdefghijkl@host1 | text" as `docker service logs` prints it (the task id shortened
 * unless noTrunc), after the time the engine received the line when timestamps are asked for.
 */
export function renderLogLine(l: TaskLogLine__Output, opts: LogLineOptions): string {
  const task = `${taskName(l.service, l.slot, l.nodeId)}.${shortId(l.taskId, opts.noTrunc)}`;
  const time = opts.timestamps ? `${new Date(l.line?.time ?? 0).toISOString()} ` : '';
  return `${time}${task}@${l.node} | ${l.line?.text ?? ''}`;
}
