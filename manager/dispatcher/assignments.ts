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
  /** New tasks, and tasks whose stored version changed. */
  changed: Task[];
  removedIds: string[];
  /** What the session has been sent once this diff is delivered: task id → version. */
  next: Map<string, number>;
}

export function planAssignmentDiff(sent: ReadonlyMap<string, number>, assigned: readonly Task[]): AssignmentDiff {
  const next = new Map<string, number>();
  const changed: Task[] = [];
  for (const t of assigned) {
    const version = t.meta.version;
    next.set(t.id, version);
    if (sent.get(t.id) !== version) changed.push(t);
  }
  const removedIds = [...sent.keys()].filter((id) => !next.has(id));
  return { changed, removedIds, next };
}
