// A bounded worker pool: independent jobs, at most a given number in flight, for work that gains from
// running side by side but should not all start at once (the manager's batched store commits and
// its task status writes).

/**
 * Runs `job` on every item, at most `limit` (1 or more) at a time, started in the items' order;
 * resolves once every job has finished. The first job to fail rejects the returned promise; the other
 * workers still take the remaining items, as each job stands on its own.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  job: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await job(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
