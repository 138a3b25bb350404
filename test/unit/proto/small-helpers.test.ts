import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../proto/backoff';
import { canonicalJson } from '../../../proto/canonical-json';
import { isForward, isTerminal } from '../../../proto/task-state';

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

describe('canonicalJson', () => {
  it('ignores key order at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});

describe('task states', () => {
  it.each([
    ['new', 'running', true],
    ['running', 'starting', false],
    ['running', 'failed', true],
    ['failed', 'shutdown', false],
  ])('%s -> %s forward: %s', (a, b, want) => expect(isForward(a, b)).toBe(want));
  it.each([['running', false], ['complete', true], ['rejected', true], ['pending', false]])('%s terminal: %s', (s, want) => expect(isTerminal(s)).toBe(want));
});
