// The one poll-until helper of the tests and benchmarks: waits for a condition on a live system.
// A check that throws counts as "not yet" (a manager restarting, a container not created yet).

/** How often a condition is checked: fine enough for second-scale waits, light on what is polled. */
export const POLL_INTERVAL_MS = 50;

/** Polls `check` until it returns true and returns how long that took; fails naming `what` after `timeoutMs`. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
  intervalMs = POLL_INTERVAL_MS,
): Promise<number> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return Date.now() - started;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() - started > timeoutMs) {
      const cause = lastError instanceof Error ? ` (last check failed: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
