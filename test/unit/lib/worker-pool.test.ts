import { describe, expect, it } from 'vitest';
import { forEachConcurrently } from '../../../lib/worker-pool';

/** Runs `items` jobs through the pool, each taking one tick; the jobs' start order and the most in flight at once. */
async function run(items: number, limit: number): Promise<{ started: number[]; peak: number }> {
  const started: number[] = [];
  let inFlight = 0;
  let peak = 0;
  const ids = Array.from({ length: items }, (_, i) => i);
  await forEachConcurrently(ids, limit, async (i) => {
    started.push(i);
    peak = Math.max(peak, ++inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
  });
  return { started, peak };
}

describe('forEachConcurrently', () => {
  it.each([
    [0, 4, 0],
    [1, 4, 1],
    [3, 4, 3],
    [10, 4, 4],
    [10, 1, 1],
  ])('%i items, limit %i: every item once, in order, at most %i at once', async (items, limit, peak) => {
    const r = await run(items, limit);
    expect(r.started).toEqual(Array.from({ length: items }, (_, i) => i));
    expect(r.peak).toBe(peak);
  });

  it('rejects with the first failure; the other workers still take the remaining items', async () => {
    const done: number[] = [];
    const failing = forEachConcurrently([1, 2, 3, 4], 2, async (i) => {
      if (i === 2) throw new Error('job 2 failed');
      done.push(i);
    });
    await expect(failing).rejects.toThrow('job 2 failed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual([1, 3, 4]);
  });
});
