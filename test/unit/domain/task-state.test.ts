import { describe, expect, it } from 'vitest';
import { isForward, isTerminal } from '../../../domain/task-state';

describe('task states', () => {
  it.each([
    ['new', 'running', true],
    ['running', 'starting', false],
    ['running', 'failed', true],
    ['failed', 'shutdown', false],
  ])('%s -> %s forward: %s', (a, b, want) => expect(isForward(a, b)).toBe(want));
  it.each([
    ['running', false],
    ['complete', true],
    ['rejected', true],
    ['pending', false],
  ])('%s terminal: %s', (s, want) => expect(isTerminal(s)).toBe(want));
});
