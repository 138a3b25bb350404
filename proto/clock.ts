// Time, injected: pure code takes `now` as an argument; loops read it from a Clock.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
