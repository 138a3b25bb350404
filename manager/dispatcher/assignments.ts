// What an agent is told to run, pure: the tasks on its node that are wanted running, and the
// difference from what its session was sent last.
import { isLive } from '../../proto/task-state';
import type { Task } from '../../proto/types';

/**
 * The tasks a node must run: assigned to it, desired running, and not ended (an ended task is never
 * started again; the orchestrator replaces it). Anything else the node has is not its own.
 */
export function assignedTasks(tasksOnNode: readonly Task[]): Task[] {
  return tasksOnNode.filter(isLive);
}

export interface AssignmentDiff {
  /** Tasks the session has not been sent yet. */
  added: Task[];
  removedIds: string[];
  /** The task ids the session has been sent once this diff is delivered. */
  next: Set<string>;
}

/**
 * A task's spec never changes (an update is a new task), so an agent needs to hear of a task once
 * when it is assigned and once when it is taken away; status changes are the agent's own news.
 */
export function planAssignmentDiff(sent: ReadonlySet<string>, assigned: readonly Task[]): AssignmentDiff {
  const next = new Set<string>();
  const added: Task[] = [];
  for (const t of assigned) {
    next.add(t.id);
    if (!sent.has(t.id)) added.push(t);
  }
  const removedIds = [...sent].filter((id) => !next.has(id));
  return { added, removedIds, next };
}
