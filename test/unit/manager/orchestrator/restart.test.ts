import { describe, expect, it } from 'vitest';
import { CRASH_BACKOFF_MAX_MS, decideRestart, restartDelayMs } from '../../../../manager/orchestrator/restart';
import type { RestartPolicy, TaskStatus } from '../../../../proto/types';
import { makeRestartPolicy, makeTask } from '../../../fakes/builders';

const NOW = 100_000;

describe('decideRestart', () => {
  it.each([
    ['any: a task that completed', {}, { state: 'complete' }, [], NOW],
    ['any: a task that failed', {}, { state: 'failed', exitCode: 1 }, [], NOW],
    ['on-failure: a failed task', { condition: 'on-failure' }, { state: 'failed', exitCode: 2 }, [], NOW],
    ['on-failure: a rejected task', { condition: 'on-failure' }, { state: 'rejected' }, [], NOW],
    ['on-failure: a non-zero exit', { condition: 'on-failure' }, { state: 'shutdown', exitCode: 137 }, [], NOW],
    ['the delay is added to now', { delayMs: 5_000 }, { state: 'failed' }, [], NOW + 5_000],
    ['fewer attempts than the max', { maxAttempts: 3 }, { state: 'failed' }, [1, 2], NOW],
    // Three ends in the last minute: a crash loop, so the start is also backed off (500 ms × 2³).
    [
      'attempts before the window do not count',
      { maxAttempts: 2, windowMs: 10_000 },
      { state: 'failed', timestamp: 50_000 },
      [30_000, 39_999, 45_000],
      NOW + 4_000,
    ],
  ] as [string, Partial<RestartPolicy>, Partial<TaskStatus>, number[], number][])(
    'restarts: %s',
    (_, policy, status, previous, restartAt) => {
      expect(decideRestart(makeTask({ status }), makeRestartPolicy(policy), previous, NOW)).toEqual({
        restart: true,
        restartAt,
      });
    },
  );

  it.each([
    ['none', { condition: 'none' }, { state: 'failed' }, [], 'restart condition is none'],
    [
      'on-failure: a clean exit',
      { condition: 'on-failure' },
      { state: 'complete' },
      [],
      'task complete without failure; restart condition is on-failure',
    ],
    [
      'max attempts, no window',
      { maxAttempts: 2 },
      { state: 'failed' },
      [1, 2],
      'restarted 2 times; max attempts is 2',
    ],
    [
      'max attempts within the window, measured back from the end',
      { maxAttempts: 2, windowMs: 10_000 },
      { state: 'failed', timestamp: 50_000 },
      [40_001, 45_000],
      'restarted 2 times within 10000 ms; max attempts is 2',
    ],
  ] as [string, Partial<RestartPolicy>, Partial<TaskStatus>, number[], string][])(
    'does not restart: %s',
    (_, policy, status, previous, reason) => {
      expect(decideRestart(makeTask({ status }), makeRestartPolicy(policy), previous, NOW)).toEqual({
        restart: false,
        reason,
      });
    },
  );

  it('gives the same answer when asked again later: the window is anchored at the end', () => {
    const ended = makeTask({ status: { state: 'failed', timestamp: 50_000 } });
    const policy = makeRestartPolicy({ maxAttempts: 1, windowMs: 10_000 });
    expect(decideRestart(ended, policy, [45_000], 1e9)).toEqual(decideRestart(ended, policy, [45_000], 50_001));
  });
});

describe('restartDelayMs: crash backoff', () => {
  const failedAt = (timestamp: number) => makeTask({ status: { state: 'failed', timestamp } });
  it.each([
    ['first end: the policy delay', { delayMs: 5_000 }, [], 5_000],
    ['first end, no delay: restart at once', { delayMs: 0 }, [], 0],
    ['one earlier end in the last minute: twice the base', { delayMs: 0 }, [90_000], 1_000],
    ['one earlier end: twice the policy delay when longer', { delayMs: 2_000 }, [90_000], 4_000],
    ['three earlier ends: eight times', { delayMs: 0 }, [70_000, 80_000, 90_000], 4_000],
    ['ends older than a minute do not count', { delayMs: 0 }, [10_000, 39_999], 0],
    ['capped at a minute', { delayMs: 0 }, Array.from({ length: 30 }, (_, i) => 50_000 + i), CRASH_BACKOFF_MAX_MS],
    ['a policy delay above the cap is kept', { delayMs: 120_000 }, [90_000], 120_000],
  ] as [string, Partial<RestartPolicy>, number[], number][])('%s', (_w, policy, previous, want) => {
    expect(restartDelayMs(failedAt(NOW), makeRestartPolicy(policy), previous, NOW)).toBe(want);
  });
});
