// The one loop shape on a fake clock: when ticks run, what a tick running meanwhile changes, and
// how a failing tick is retried. Time moves only by `clock.advance`, so "no tick yet" is exact.
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ControlLoop } from '../../../lib/control-loop';
import { FakeClock } from '../../fakes/fake-clock';

const DEBOUNCE_MS = 10;

let loop: ControlLoop | undefined;
afterEach(() => {
  loop?.stop();
  loop = undefined;
  vi.restoreAllMocks();
});

/** A loop on a fake clock whose ticks are counted; `tick` may be replaced, and warnings are kept. */
function setup(tick: () => Promise<void> = async () => undefined) {
  const clock = new FakeClock();
  const warnings: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
  const s = { clock, warnings, ticks: 0, tick };
  loop = new ControlLoop({
    name: 'test',
    debounceMs: DEBOUNCE_MS,
    tick: () => {
      s.ticks++;
      return s.tick();
    },
    logger,
    clock,
    timers: clock,
  });
  return Object.assign(s, { loop });
}

/** A tick that runs until the test releases it. */
function heldTick() {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  return { tick: () => held, release };
}

describe('ControlLoop', () => {
  it('ticks once, debounceMs after start', async () => {
    const s = setup();
    s.loop.start();
    expect(s.clock.pending()).toEqual([DEBOUNCE_MS]);
    await s.clock.advance(DEBOUNCE_MS - 1);
    expect(s.ticks).toBe(0);
    await s.clock.advance(1);
    expect(s.ticks).toBe(1);
    expect(s.clock.pending()).toEqual([]);
    await s.clock.advance(60_000);
    expect(s.ticks).toBe(1);
  });

  it('gathers a burst of events into one tick, debounceMs after the first of them', async () => {
    const s = setup();
    s.loop.start();
    await s.clock.advance(DEBOUNCE_MS);
    expect(s.ticks).toBe(1);

    s.loop.markDirty();
    await s.clock.advance(4);
    s.loop.markDirty();
    await s.clock.advance(4);
    s.loop.markDirty();
    // The later events do not put the tick off: it is still due 10 ms after the first.
    expect(s.clock.pending()).toEqual([DEBOUNCE_MS - 8]);
    await s.clock.advance(DEBOUNCE_MS - 8 - 1);
    expect(s.ticks).toBe(1);
    await s.clock.advance(1);
    expect(s.ticks).toBe(2);
    await s.clock.advance(60_000);
    expect(s.ticks).toBe(2);
  });

  it('ticks again after a running tick when marked dirty during it, once however often', async () => {
    const held = heldTick();
    const s = setup(held.tick);
    s.loop.start();
    await s.clock.advance(DEBOUNCE_MS);
    expect(s.ticks).toBe(1);

    s.loop.markDirty();
    s.loop.markDirty();
    // No tick starts beside a running one, and none is timed while it runs.
    expect(s.clock.pending()).toEqual([]);
    await s.clock.advance(60_000);
    expect(s.ticks).toBe(1);

    s.tick = async () => undefined;
    held.release();
    await s.clock.advance(0);
    expect(s.clock.pending()).toEqual([DEBOUNCE_MS]);
    await s.clock.advance(DEBOUNCE_MS);
    expect(s.ticks).toBe(2);
    await s.clock.advance(60_000);
    expect(s.ticks).toBe(2);
  });

  it('does not tick again after a running tick when nothing changed during it', async () => {
    const held = heldTick();
    const s = setup(held.tick);
    s.loop.start();
    await s.clock.advance(DEBOUNCE_MS);
    held.release();
    await s.clock.advance(60_000);
    expect(s.ticks).toBe(1);
    expect(s.clock.pending()).toEqual([]);
  });

  it('a wake-up that comes due while a tick runs ticks again after it', async () => {
    const held = heldTick();
    const s = setup(held.tick);
    s.loop.start();
    await s.clock.advance(DEBOUNCE_MS);
    s.loop.wakeAtTime(s.clock.now() + 100, s.clock.now());
    await s.clock.advance(100);
    expect(s.ticks).toBe(1);

    s.tick = async () => undefined;
    held.release();
    await s.clock.advance(DEBOUNCE_MS);
    expect(s.ticks).toBe(2);
  });

  it('wakeAtTime brings the next tick earlier, never later', async () => {
    const s = setup();
    s.loop.start();
    await s.clock.advance(DEBOUNCE_MS);
    const now = () => s.clock.now();

    s.loop.wakeAtTime(now() + 1_000, now());
    expect(s.clock.pending()).toEqual([1_000]);
    s.loop.wakeAtTime(now() + 5_000, now());
    expect(s.clock.pending()).toEqual([1_000]);
    s.loop.wakeAtTime(now() + 300, now());
    expect(s.clock.pending()).toEqual([300]);

    // Time passed counts: 200 ms on, a wake-up 150 ms away is later than the one due in 100.
    await s.clock.advance(200);
    s.loop.wakeAtTime(now() + 150, now());
    expect(s.clock.pending()).toEqual([100]);
    // An event is no reason to wait longer either.
    s.loop.markDirty();
    expect(s.clock.pending()).toEqual([DEBOUNCE_MS]);
    s.loop.wakeAtTime(now() + DEBOUNCE_MS + 1, now());
    expect(s.clock.pending()).toEqual([DEBOUNCE_MS]);

    await s.clock.advance(DEBOUNCE_MS);
    expect(s.ticks).toBe(2);
    // A time already past wakes it at once.
    s.loop.wakeAtTime(now() - 500, now());
    await s.clock.advance(1);
    expect(s.ticks).toBe(3);
  });

  it('retries a failing tick with backoff, logging each failure, and lives on once it succeeds', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1); // the top of the jitter: each delay is its ceiling
    const s = setup();
    let failures = 3;
    s.tick = async () => {
      if (failures-- > 0) throw new Error('etcd away');
    };
    s.loop.start();
    await s.clock.advance(DEBOUNCE_MS);
    expect(s.ticks).toBe(1);
    // 50 ms, doubling.
    for (const [ticks, delay] of [
      [2, 50],
      [3, 100],
      [4, 200],
    ]) {
      expect(s.clock.pending()).toEqual([delay]);
      await s.clock.advance(delay! - 1);
      expect(s.ticks).toBe(ticks! - 1);
      await s.clock.advance(1);
      expect(s.ticks).toBe(ticks);
    }
    expect(s.warnings.map((w) => [w.loop, w.attempt, w.msg, (w.err as { message: string }).message])).toEqual([
      ['test', 1, 'tick failed; retrying', 'etcd away'],
      ['test', 2, 'tick failed; retrying', 'etcd away'],
      ['test', 3, 'tick failed; retrying', 'etcd away'],
    ]);
    expect(s.clock.pending()).toEqual([]);

    // Alive: events tick it again, and a new failure starts the backoff over.
    s.tick = async () => {
      throw new Error('once more');
    };
    s.loop.markDirty();
    await s.clock.advance(DEBOUNCE_MS);
    expect(s.ticks).toBe(5);
    expect(s.clock.pending()).toEqual([50]);
  });

  it('backs off to at most 2 s while the tick keeps failing', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const s = setup(async () => {
      throw new Error('still away');
    });
    s.loop.start();
    await s.clock.advance(DEBOUNCE_MS);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      delays.push(s.clock.pending()[0]!);
      await s.clock.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([50, 100, 200, 400, 800, 1600, 2000, 2000]);
    expect(s.ticks).toBe(9);
  });

  it('stop cancels the pending tick, and nothing schedules one after', async () => {
    const s = setup();
    s.loop.start();
    expect(s.clock.pending()).toEqual([DEBOUNCE_MS]);
    s.loop.stop();
    expect(s.clock.pending()).toEqual([]);
    s.loop.markDirty();
    s.loop.wakeAtTime(s.clock.now() + 100, s.clock.now());
    expect(s.clock.pending()).toEqual([]);
    await s.clock.advance(60_000);
    expect(s.ticks).toBe(0);
  });

  it('a tick running when stop is called finishes, and neither its changes nor its failure tick again', async () => {
    for (const outcome of ['succeeds', 'fails'] as const) {
      const held = heldTick();
      const s = setup(async () => {
        await held.tick();
        if (outcome === 'fails') throw new Error('lost');
      });
      s.loop.start();
      await s.clock.advance(DEBOUNCE_MS);
      s.loop.markDirty();
      s.loop.stop();
      held.release();
      await s.clock.advance(60_000);
      expect(s.ticks, outcome).toBe(1);
      expect(s.clock.pending(), outcome).toEqual([]);
    }
  });

  it('starts again after a stop', async () => {
    const s = setup();
    s.loop.start();
    s.loop.stop();
    s.loop.start();
    await s.clock.advance(DEBOUNCE_MS);
    expect(s.ticks).toBe(1);
  });
});
