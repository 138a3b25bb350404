// The restart policy: whether a task that ended while still wanted running gets a successor, and when.
import type { RestartPolicy, Task } from '../../proto/types';

export type RestartDecision = { restart: false; reason: string } | { restart: true; restartAt: number };

/**
 * `previousEnds` are the end times of the earlier tasks of the same slot (and spec version) that ended
 * on their own; each of them was restarted once. The window is measured back from the task's own end,
 * so the answer does not change when it is asked again later.
 */
export function decideRestart(ended: Task, policy: RestartPolicy, previousEnds: readonly number[], now: number): RestartDecision {
  const { state, exitCode } = ended.status;
  switch (policy.condition) {
    case 'none':
      return { restart: false, reason: 'restart condition is none' };
    case 'on-failure':
      if (state !== 'failed' && state !== 'rejected' && exitCode === 0) {
        return { restart: false, reason: `task ${state} without failure; restart condition is on-failure` };
      }
      break;
  }
  if (policy.maxAttempts > 0) {
    const endedAt = ended.status.timestamp || now;
    const since = policy.windowMs > 0 ? endedAt - policy.windowMs : -Infinity;
    const attempts = previousEnds.filter((t) => t > since).length;
    if (attempts >= policy.maxAttempts) {
      const within = policy.windowMs > 0 ? ` within ${policy.windowMs} ms` : '';
      return { restart: false, reason: `restarted ${attempts} times${within}; max attempts is ${policy.maxAttempts}` };
    }
  }
  return { restart: true, restartAt: now + policy.delayMs };
}
