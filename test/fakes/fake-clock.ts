// FAKE: a Clock and Timers that move only when a test says so. `advance(ms)` fires the timers that
// come due, in order (by due time, then by when they were set), each at its own time, and after each
// lets the promise jobs it started run to the end, so an async tick that only awaits in-memory fakes
// has finished when `advance` returns. Timers set meanwhile fire in the same call if due by its end.
// Delays are taken as Node takes them: under 1 ms (or beyond 2^31 - 1 ms) is 1 ms.
import type { Clock, TimerHandle, Timers } from '../../lib/clock';

/** Node's longest timer delay; a longer one fires after 1 ms. */
const TIMEOUT_MAX_MS = 2 ** 31 - 1;

interface Pending {
  at: number;
  /** Its handle; also the order timers due at the same time fire in. */
  seq: number;
  fn: () => void;
}

/** Lets every promise job queued so far, and those they queue in turn, run. */
function drainPromiseJobs(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock, Timers {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, Pending>();

  /** Starts at `start` ms; an arbitrary fixed instant by default. */
  constructor(start = Date.UTC(2025, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const delay = ms >= 1 && ms <= TIMEOUT_MAX_MS ? ms : 1;
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + delay, seq: id, fn });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as unknown as number);
  }

  /** The pending timers, as ms from now until each fires, soonest first. */
  pending(): number[] {
    return this.ordered().map((t) => t.at - this.time);
  }

  /** Moves time on by `ms`, firing every timer that comes due on the way (see above). */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    await drainPromiseJobs();
    for (let next = this.ordered()[0]; next !== undefined && next.at <= until; next = this.ordered()[0]) {
      this.timers.delete(next.seq);
      this.time = Math.max(this.time, next.at);
      next.fn();
      await drainPromiseJobs();
    }
    this.time = until;
  }

  private ordered(): Pending[] {
    return [...this.timers.values()].sort((a, b) => a.at - b.at || a.seq - b.seq);
  }
}
