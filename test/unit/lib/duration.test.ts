import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs } from '../../../lib/duration';

describe('parseDurationMs', () => {
  it.each([
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['1.5s', 1_500],
    ['2ms500us', 3], // 2.5 ms rounds to the nearest millisecond
    ['0', 0],
    ['0s', 0],
    ['1m0s', 60_000],
  ])('%s is %i ms', (text, ms) => expect(parseDurationMs(text)).toBe(ms));

  it.each(['', '10', 'abc', '-5s', '1x', '5 s', 's'])('rejects %j', (text) =>
    expect(parseDurationMs(text)).toBeUndefined(),
  );
});

describe('formatDurationMs', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [10_000, '10s'],
    [60_000, '1m0s'],
    [90_000, '1m30s'],
    [120_000, '2m0s'],
    [3_600_000, '1h0m0s'],
    [1_500, '1.5s'],
  ])('%i ms prints as %s', (ms, text) => expect(formatDurationMs(ms)).toBe(text));

  it('reads back what it prints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 86_400_000 }), (ms) => parseDurationMs(formatDurationMs(ms)) === ms),
    );
  });
});
