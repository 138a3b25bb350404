// The restart policy: whether a task that ended while still wanted running gets a successor, and when.
import type { RestartPolicy, Task } from '../../proto/types';

/** Ends closer together than this count as one crash loop. */
export const CRASH_LOOP_WINDOW_MS = 60_000;
/** The first backed-off delay of a crash loop when the policy's own delay is shorter. */
export const CRASH_BACKOFF_BASE_MS = 500;
/** A crash-looping task waits at most a minute between starts: it never spins, and it recovers soon after a fix. */
export const CRASH_BACKOFF_MAX_MS = 60_000;

export type RestartDecision = { restart: false; reason: string } | { restart: true; restartAt: number };

/**
 * `previousEnds` are the end times of the earlier tasks of the same slot (and spec version) that ended
 * on their own; each of them was restarted once. The window is measured back from the task's own end,
 * so the answer does not change when it is asked again later.
 */
export function decideRestart(
  ended: Task,
  policy: RestartPolicy,
  previousEnds: readonly number[],
  now: number,
): RestartDecision {
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
  return { restart: true, restartAt: now + restartDelayMs(ended, policy, previousEnds, now) };
}

/**
 * The policy's delay, doubled for every earlier end of the slot in the last minute (a crash loop),
 * so a service that keeps crashing does not spin; capped at CRASH_BACKOFF_MAX_MS.
 */
export function restartDelayMs(
  ended: Task,
  policy: RestartPolicy,
  previousEnds: readonly number[],
  now: number,
): number {
  const endedAt = ended.status.timestamp || now;
  const recent = previousEnds.filter((t) => t > endedAt - CRASH_LOOP_WINDOW_MS).length;
  if (recent === 0) return policy.delayMs;
  const base = Math.max(policy.delayMs, CRASH_BACKOFF_BASE_MS);
  return Math.min(Math.max(CRASH_BACKOFF_MAX_MS, policy.delayMs), base * 2 ** Math.min(recent, 20));
}
