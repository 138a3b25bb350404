// Cutting a list into runs bounded by count and size: etcd transactions (the store's split commits),
// assignment messages and streamed list replies, each under its own limits.

/** Cuts items, in order, into runs of at most maxCount items and maxBytes bytes (an item alone may reach maxBytes). */
export function chunk<T>(items: readonly T[], maxCount: number, maxBytes: number, bytesOf: (item: T) => number): T[][] {
  if (maxCount < 1) throw new RangeError(`chunk size must be at least 1, got ${maxCount}`);
  const chunks: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const item of items) {
    const size = bytesOf(item);
    if (current.length > 0 && (current.length >= maxCount || currentBytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(item);
    currentBytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
