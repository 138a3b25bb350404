import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../lib/backoff';

describe('backoffDelayMs', () => {
  const opts = { baseMs: 100, maxMs: 1000 };
  it.each([
    [0, 0, 50],
    [0, 1, 100],
    [2, 0, 200],
    [2, 1, 400],
    [10, 1, 1000],
  ])('attempt %i with random %f waits %i ms', (attempt, r, want) => {
    expect(backoffDelayMs(attempt, opts, () => r)).toBe(want);
  });
});
