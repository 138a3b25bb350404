// Which task status reports to accept, pure: only from the node the task is on, and only when they
// move the task forward (reports can arrive late or twice).
import { isForward } from '../../domain/task-state';
import type { Task, TaskStatus } from '../../proto/types';

export interface StatusReport {
  taskId: string;
  status: TaskStatus;
}

export type ReportVerdict =
  | { accept: true; task: Task; status: TaskStatus }
  | { accept: false; taskId: string; why: 'unknown task' | 'not on this node' | 'not forward' };

export function judgeReport(task: Task | undefined, nodeId: string, report: StatusReport): ReportVerdict {
  if (!task) return { accept: false, taskId: report.taskId, why: 'unknown task' };
  if (task.nodeId !== nodeId) return { accept: false, taskId: report.taskId, why: 'not on this node' };
  const from = task.status.state;
  const sameStateNewFacts = from === report.status.state && report.status.containerId !== task.status.containerId;
  if (!isForward(from, report.status.state) && !sameStateNewFacts)
    return { accept: false, taskId: report.taskId, why: 'not forward' };
  return { accept: true, task, status: report.status };
}
