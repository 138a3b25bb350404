// The order of task states, as in swarmkit: a task only moves forward.
import type { Task, TaskState } from '../proto/types';

export const TASK_STATE_ORDER: readonly TaskState[] = [
  'new',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'starting',
  'running',
  'complete',
  'shutdown',
  'failed',
  'rejected',
  'orphaned',
];

const RANK = new Map<string, number>(TASK_STATE_ORDER.map((s, i) => [s, i]));

export function stateRank(state: string): number {
  return RANK.get(state) ?? -1;
}

/** A state a task never leaves: its container is gone or never came. */
export function isTerminal(state: string): boolean {
  return stateRank(state) >= stateRank('complete');
}

/** Whether an update from `from` to `to` moves the task forward (older updates are ignored). */
export function isForward(from: string, to: string): boolean {
  return stateRank(to) > stateRank(from);
}

/** Wanted running and not ended: a task that holds its slot, counts as load, and is its node's to run. */
export function isLive(t: Task): boolean {
  return t.desiredState === 'running' && !isTerminal(t.status.state);
}

/** Ended by itself (rather than stopped by the manager): a crash, a rejection, or a command that finished. */
export function endedOnItsOwn(t: Task): boolean {
  const s = t.status.state;
  return s === 'complete' || s === 'failed' || s === 'rejected';
}
