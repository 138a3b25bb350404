// The one shape of every control loop (the manager's and the agent's): events mark it dirty, a debounced
// tick does the work in a batch, a failing tick is logged and retried with backoff, and the loop never dies.
// Time is injected: the loop reads a Clock and waits on Timers, the system's unless a test gives its own.
import type { Logger } from 'pino';
import { backoffDelayMs } from './backoff';
import { systemClock, systemTimers, type Clock, type TimerHandle, type Timers } from './clock';

/** Retry a failed tick after 50 ms, doubling up to 2 s: fast enough to heal, slow enough not to spin. */
const RETRY_BACKOFF = { baseMs: 50, maxMs: 2000 };

export interface ControlLoopOptions {
  name: string;
  /** How long events are gathered before a tick runs. */
  debounceMs: number;
  tick: () => Promise<void>;
  logger: Logger;
  /** What `wakeAtTime` is on; the system's by default. */
  clock?: Clock;
  /** What the loop waits on; the system's by default. */
  timers?: Timers;
}

export class ControlLoop {
  private timer?: TimerHandle;
  /** When the pending timer fires, on the loop's clock. */
  private wakeAt?: number;
  private running = false;
  private dirtyAgain = false;
  private failures = 0;
  private stopped = true;
  private readonly clock: Clock;
  private readonly timers: Timers;

  constructor(private readonly opts: ControlLoopOptions) {
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? systemTimers;
  }

  start(): void {
    this.stopped = false;
    this.markDirty();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Something changed: tick soon. */
  markDirty(): void {
    if (this.running) {
      this.dirtyAgain = true;
      return;
    }
    this.schedule(this.opts.debounceMs);
  }

  /** Tick at `at` at the latest, e.g. when a restart delay ends; `at` and `now` are on the loop's clock. */
  wakeAtTime(at: number, now: number): void {
    this.schedule(Math.max(0, at - now));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const at = this.clock.now() + delayMs;
    if (this.timer && this.wakeAt !== undefined && this.wakeAt <= at) return;
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.wakeAt = at;
    this.timer = this.timers.setTimeout(() => void this.run(), delayMs);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.wakeAt = undefined;
    if (this.stopped) return;
    if (this.running) {
      // A wake-up asked for during a tick came due before the tick ended: tick again after it.
      this.dirtyAgain = true;
      return;
    }
    this.running = true;
    this.dirtyAgain = false;
    try {
      await this.opts.tick();
      this.failures = 0;
    } catch (err) {
      this.failures++;
      this.opts.logger.warn({ err, loop: this.opts.name, attempt: this.failures }, 'tick failed; retrying');
      this.running = false;
      this.schedule(backoffDelayMs(this.failures - 1, RETRY_BACKOFF));
      return;
    }
    this.running = false;
    if (this.dirtyAgain) this.schedule(this.opts.debounceMs);
  }
}
