// Streams to a client that stopped reading: `service logs -f` drops lines and says how many once the
// client catches up; `events` ends with an error. The call is a stand-in whose queue the test sets.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ControlDeps } from '../../../../manager/controlapi/deps';
import { watchEvents } from '../../../../manager/controlapi/events';
import { serviceLogs } from '../../../../manager/controlapi/logs';
import { MAX_QUEUED_MESSAGES } from '../../../../manager/controlapi/slow-client';
import type { ClusterEvent } from '../../../../domain/event-filter';
import { systemClock } from '../../../../lib/clock';
import { makeNode, makeService, makeTask } from '../../../fakes/builders';

/** A server stream whose unsent queue is whatever the test says. */
class FakeCall<Req, Msg> extends EventEmitter {
  writableLength = 0;
  readonly written: Msg[] = [];
  readonly errors: Error[] = [];
  constructor(readonly request: Req) {
    super();
    this.on('error', (err: Error) => this.errors.push(err));
  }
  write(msg: Msg): boolean {
    this.written.push(msg);
    this.writableLength++;
    return true;
  }
  end(): void {}
}

const event = (i: number): ClusterEvent => ({
  time: i,
  type: 'service',
  action: 'update',
  id: 's1',
  name: 'web_app',
  attributes: {},
});

describe('a client that stopped reading', () => {
  it('events: after 1000 kept events replayed at once, the stream ends with an error once 10,000 wait unsent', () => {
    let push: ((e: ClusterEvent) => void) | undefined;
    let unsubscribed = false;
    const deps = {
      clock: systemClock,
      events: {
        since: () => Array.from({ length: 1000 }, (_, i) => event(i)),
        subscribe: (fn: (e: ClusterEvent) => void) => ((push = fn), () => void (unsubscribed = true)),
      },
    } as unknown as ControlDeps;
    const call = new FakeCall<object, ClusterEvent>({ since: 1, until: 0, filters: [] });
    watchEvents(deps, call as never);
    expect([call.written.length, call.errors.length]).toEqual([1000, 0]);
    for (let i = 0; i < 9500; i++) push!(event(1000 + i));
    expect(call.written).toHaveLength(10_000);
    expect(call.errors.map((e) => (e as unknown as { details: string }).details)).toEqual([
      expect.stringMatching(/fell 10000 events behind; ask again with --since/),
    ]);
    expect(unsubscribed).toBe(true);
  });

  it('service logs -f: drops the lines the client cannot take, then says how many once it catches up', () => {
    const service = makeService({ id: 's1', spec: { name: 'web_app' } });
    const task = makeTask({
      id: 't1',
      serviceId: 's1',
      serviceName: 'web_app',
      slot: 1,
      nodeId: 'n1',
      status: { state: 'running', containerId: 'c1' },
    });
    let onLines: ((lines: object[]) => void) | undefined;
    const deps = {
      clock: systemClock,
      state: {
        list: (kind: string) => (kind === 'services' ? [service] : [makeNode({ id: 'n1' })]),
        get: () => service,
        tasksOf: () => [task],
        on: () => undefined,
        off: () => undefined,
      },
      logs: {
        hasChannel: () => true,
        request: (_node: string, _spec: object, subscriber: { onLines: (lines: object[]) => void }) => (
          (onLines = subscriber.onLines),
          () => undefined
        ),
      },
    } as unknown as ControlDeps;
    const call = new FakeCall<object, { lines: object[]; notice: string }>({
      service: 'web_app',
      follow: true,
      tail: -1,
      since: 0,
    });
    serviceLogs(deps, call as never);
    const line = { taskId: 't1', stream: 'stdout', time: 1, text: 'x' };
    call.writableLength = MAX_QUEUED_MESSAGES;
    onLines!([line, line]);
    onLines!([line]);
    expect(call.written).toEqual([]);
    call.writableLength = 0; // the client read what was queued
    onLines!([line]);
    expect(call.written.map((m) => m.notice || `${m.lines.length} sent`)).toEqual([
      '3 lines dropped: the client read more slowly than the tasks wrote',
      '1 sent',
    ]);
  });
});
