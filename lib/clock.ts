// Time, injected: pure code takes `now` as an argument; loops read it from a Clock and wait on Timers,
// so that a test can hold time still and move it on (test/fakes/fake-clock.ts).
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Milliseconds that only move forward, at the machine's steady rate, never stepped by NTP or a changed
 * system time; on the Unix scale as of the process's start. For measuring silences and delays within
 * one process, not for timestamps that other processes read.
 */
export const steadyClock: Clock = { now: () => performance.timeOrigin + performance.now() };

declare const timerHandle: unique symbol;
/** A pending timer, to clear: only the Timers that made it knows what it is. */
export interface TimerHandle {
  readonly [timerHandle]: true;
}

/** One-shot timers; what a loop waits on between ticks. */
export interface Timers {
  /** Calls `fn` once, `ms` from now. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels the timer if it has not fired yet. */
  clearTimeout(handle: TimerHandle): void;
}

/** The process's own timers. */
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => clearTimeout(handle as unknown as NodeJS.Timeout),
};
