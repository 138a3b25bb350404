// Time, injected: pure code takes `now` as an argument; loops read it from a Clock.
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
