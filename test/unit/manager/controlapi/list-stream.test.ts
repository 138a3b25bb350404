import { describe, expect, it } from 'vitest';
import { planListMessages } from '../../../../manager/controlapi/list-stream';

/** Items are their own sizes; a message is shown as its items joined by spaces. */
const LIMITS = { maxBytes: 100, maxItems: 3 };
const plan = (sizes: number[]) => planListMessages(sizes, (n) => n, LIMITS).map((m) => m.join(' '));

describe('planListMessages', () => {
  it.each([
    ['an empty list is no message (the stream just ends)', [], []],
    ['a short list is one message', [10, 20], ['10 20']],
    ['cut where the next item would pass the byte budget', [60, 30, 20, 90], ['60 30', '20', '90']],
    ['cut at the item count', [1, 1, 1, 1, 1, 1, 1], ['1 1 1', '1 1 1', '1']],
    ['an item over the budget goes alone', [10, 500, 10], ['10', '500', '10']],
  ])('%s', (_what, sizes, want) => {
    expect(plan(sizes)).toEqual(want);
  });

  it('keeps every item, in order, whatever the cut', () => {
    const sizes = Array.from({ length: 1000 }, (_, i) => (i * 37) % 120);
    expect(planListMessages(sizes, (n) => n, LIMITS).flat()).toEqual(sizes);
  });
});
