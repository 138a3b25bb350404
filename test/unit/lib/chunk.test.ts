import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunk } from '../../../lib/chunk';

describe('chunk', () => {
  it.each([
    ['cuts by count', [1, 1, 1, 1, 1], 2, 100, [[1, 1], [1, 1], [1]]],
    ['cuts by bytes', [3, 3, 3], 10, 6, [[3, 3], [3]]],
    ['keeps an item bigger than maxBytes alone', [2, 9, 2], 10, 5, [[2], [9], [2]]],
    ['returns nothing for nothing', [], 3, 10, []],
  ])('%s', (_what, items, maxCount, maxBytes, expected) => {
    expect(chunk(items, maxCount, maxBytes, (n) => n)).toEqual(expected);
  });

  it('keeps order and respects both limits for any input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 })),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 100 }),
        (items, maxCount, maxBytes) => {
          const chunks = chunk(items, maxCount, maxBytes, (n) => n);
          expect(chunks.flat()).toEqual(items);
          for (const c of chunks) {
            expect(c.length).toBeGreaterThan(0);
            expect(c.length).toBeLessThanOrEqual(maxCount);
            if (c.length > 1) expect(c.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(maxBytes);
          }
        },
      ),
    );
  });

  it('rejects a count limit below 1', () => {
    expect(() => chunk([1], 0, 10, (n) => n)).toThrow(RangeError);
  });
});
