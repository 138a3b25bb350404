import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LogRelay } from '../../../agent/log-relay';
import { FailedPreconditionError } from '../../../proto/errors';
import type { AgentLogMessage } from '../../../proto/generated/shoal/v1/AgentLogMessage';
import type { LogRequest__Output } from '../../../proto/generated/shoal/v1/LogRequest';
import { FakeRuntime } from '../../../testkit/fake-runtime';
import { eventually } from '../../../testkit/eventually';
import { FakeClock } from '../../fakes/fake-clock';

/** On a fake clock: past the window in which a read's lines are gathered into one message (20 ms). */
const BATCH_WINDOW_MS = 100;

function setup(clock?: FakeClock) {
  const runtime = new FakeRuntime();
  const sent: AgentLogMessage[] = [];
  const relay = new LogRelay(runtime, (m) => sent.push(m), pino({ level: 'silent' }), clock);
  const a = runtime.addContainer({ id: 'ca', taskId: 'ta' });
  const b = runtime.addContainer({ id: 'cb', taskId: 'tb' });
  runtime.writeLog('ca', 'a1', { time: 100 });
  runtime.writeLog('ca', 'a2', { time: 200, stream: 'stderr' });
  runtime.writeLog('cb', 'b1', { time: 150 });
  const request = (o: Partial<LogRequest__Output> = {}): LogRequest__Output => ({
    requestId: 'r1',
    cancel: false,
    targets: [
      { taskId: 'ta', containerId: a.id },
      { taskId: 'tb', containerId: b.id },
    ],
    follow: false,
    tail: -1,
    since: 0,
    ...o,
  });
  /** Lines sent, as "task stream time text". */
  const lines = () =>
    sent.flatMap((m) => (m.lines ?? []).map((l) => `${l.taskId} ${l.stream} ${String(l.time)} ${l.text}`));
  const ended = () => sent.some((m) => m.end);
  return { runtime, relay, sent, request, lines, ended };
}

describe('LogRelay', () => {
  it(
    'sends every line of every container, tagged with its task and the request, ' + 'then one end marker last',
    async () => {
      const { relay, sent, request, lines, ended } = setup();
      relay.onRequest(request());
      await eventually('the end marker', async () => ended());
      expect(lines().sort()).toEqual(['ta stderr 200 a2', 'ta stdout 100 a1', 'tb stdout 150 b1']);
      expect(sent.every((m) => m.requestId === 'r1')).toBe(true);
      expect(sent.filter((m) => m.end)).toEqual([{ requestId: 'r1', end: true }]);
      expect(sent[sent.length - 1]!.end).toBe(true);
    },
  );

  it('passes tail and since to the runtime', async () => {
    const { relay, request, lines, ended } = setup();
    relay.onRequest(request({ tail: 1, since: 120 }));
    await eventually('the end marker', async () => ended());
    expect(lines().sort()).toEqual(['ta stderr 200 a2', 'tb stdout 150 b1']);
  });

  it(
    'says nothing of a container that is gone, ' + 'and reports a failed read for its task while the others go on',
    async () => {
      const { runtime, relay, sent, request, lines, ended } = setup();
      runtime.failNext('logs', new FailedPreconditionError('engine says no'));
      relay.onRequest(
        request({
          targets: [
            { taskId: 'ta', containerId: 'ca' },
            { taskId: 'tx', containerId: 'gone' },
            { taskId: 'tb', containerId: 'cb' },
          ],
        }),
      );
      await eventually('the end marker', async () => ended());
      expect(sent.filter((m) => m.error)).toEqual([{ requestId: 'r1', taskId: 'ta', error: 'engine says no' }]);
      expect(lines()).toEqual(['tb stdout 150 b1']);
    },
  );

  it('ends at once when the request names no container', async () => {
    const { relay, sent, request } = setup();
    relay.onRequest(request({ targets: [] }));
    expect(sent).toEqual([{ requestId: 'r1', end: true }]);
  });

  it('follows new lines until the container stops, then ends', async () => {
    const { runtime, relay, request, lines, ended } = setup();
    relay.onRequest(request({ follow: true, targets: [{ taskId: 'ta', containerId: 'ca' }] }));
    await eventually('following', async () => runtime.followerCount('ca') === 1);
    runtime.writeLog('ca', 'a3', { time: 300 });
    await eventually('the new line', async () => lines().includes('ta stdout 300 a3'));
    expect(ended()).toBe(false);
    await runtime.stop('ca');
    await eventually('the end marker', async () => ended());
  });

  it('stops reading on cancel, and sends nothing more for the request', async () => {
    const clock = new FakeClock();
    const { runtime, relay, sent, request } = setup(clock);
    relay.onRequest(request({ follow: true }));
    await eventually('following both', async () => runtime.followerCount('ca') + runtime.followerCount('cb') === 2);
    await clock.advance(BATCH_WINDOW_MS);
    expect(sent.length).toBeGreaterThan(0); // the past lines
    relay.onRequest(request({ cancel: true, targets: [] }));
    expect(runtime.followerCount('ca') + runtime.followerCount('cb')).toBe(0);
    const before = sent.length;
    runtime.writeLog('ca', 'late');
    await runtime.stop('cb');
    // A line still read would go out when its batch window closes; an end marker would go at once.
    await clock.advance(BATCH_WINDOW_MS);
    expect(clock.pending()).toEqual([]);
    expect(sent.length).toBe(before);
  });

  it('stops every read when the channel closes', async () => {
    const { runtime, relay, request } = setup();
    relay.onRequest(request({ follow: true }));
    relay.onRequest(request({ requestId: 'r2', follow: true, targets: [{ taskId: 'ta', containerId: 'ca' }] }));
    await eventually('following', async () => runtime.followerCount('ca') === 2 && runtime.followerCount('cb') === 1);
    relay.close();
    expect(runtime.followerCount('ca') + runtime.followerCount('cb')).toBe(0);
  });

  it('splits a long log into messages of bounded size, in order', async () => {
    const { runtime, relay, sent, request, ended } = setup();
    const big = runtime.addContainer({ id: 'cbig', taskId: 'tbig' });
    const text = 'x'.repeat(1000);
    for (let i = 0; i < 200; i++) runtime.writeLog(big.id, `${i} ${text}`, { time: i });
    relay.onRequest(request({ targets: [{ taskId: 'tbig', containerId: big.id }] }));
    await eventually('the end marker', async () => ended());
    const batches = sent.filter((m) => m.lines?.length);
    expect(batches.length).toBeGreaterThan(1);
    for (const m of batches) expect(m.lines!.reduce((n, l) => n + l.text!.length, 0)).toBeLessThan(70 * 1024);
    expect(batches.flatMap((m) => m.lines!.map((l) => Number(l.text!.split(' ')[0])))).toEqual([...Array(200).keys()]);
  });
});
