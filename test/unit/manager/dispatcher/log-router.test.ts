import { EventEmitter } from 'node:events';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LogRouter, type LogCall, type LogSubscriber } from '../../../../manager/dispatcher/log-router';
import type { AgentLogMessage__Output } from '../../../../proto/generated/shoal/v1/AgentLogMessage';
import type { LogRequest } from '../../../../proto/generated/shoal/v1/LogRequest';

/** An agent's log channel as the server sees it: what the agent sends is emitted as 'data'. */
class FakeCall extends EventEmitter {
  readonly written: LogRequest[] = [];
  ended = false;
  errors: { code?: number }[] = [];
  constructor() {
    super();
    this.on('error', (e: { code?: number }) => this.errors.push(e));
  }
  write(m: LogRequest): boolean {
    this.written.push(m);
    return true;
  }
  end(): void {
    this.ended = true;
  }
  send(m: Partial<AgentLogMessage__Output>): void {
    this.emit('data', { sessionId: '', requestId: '', lines: [], taskId: '', error: '', end: false, ...m });
  }
}

function setup() {
  let ids = 0;
  const router = new LogRouter(pino({ level: 'silent' }), () => `r${++ids}`);
  const sessions = new Map([
    ['s1', 'n1'],
    ['s2', 'n1'],
  ]);
  const open = (sessionId: string) => {
    const call = new FakeCall();
    router.open(call as unknown as LogCall, (id) => sessions.get(id));
    call.send({ sessionId });
    return call;
  };
  const subscriber = () => {
    const log: string[] = [];
    const sub: LogSubscriber = {
      onLines: (lines) => log.push(...lines.map((l) => `line ${l.taskId} ${l.text}`)),
      onTaskError: (taskId, message) => log.push(`error ${taskId} ${message}`),
      onEnd: (lost) => log.push(lost ? `lost: ${lost}` : 'end'),
    };
    return { log, sub };
  };
  return { router, open, subscriber };
}

const spec = { targets: [{ taskId: 't1', containerId: 'c1' }], follow: false, tail: -1, since: 0 };
const line = (text: string) => ({ taskId: 't1', stream: 'stdout', time: 1, text });

describe('LogRouter', () => {
  it('sends a request down the node channel and routes the answers tagged with its id, until its end', () => {
    const { router, open, subscriber } = setup();
    const call = open('s1');
    const { log, sub } = subscriber();
    expect(router.hasChannel('n1')).toBe(true);
    router.request('n1', spec, sub);
    expect(call.written).toEqual([{ requestId: 'r1', ...spec }]);
    call.send({ requestId: 'r1', lines: [line('a'), line('b')] });
    call.send({ requestId: 'other', lines: [line('not mine')] });
    call.send({ requestId: 'r1', taskId: 't1', error: 'engine says no' });
    call.send({ requestId: 'r1', end: true });
    call.send({ requestId: 'r1', lines: [line('after the end')] });
    expect(log).toEqual(['line t1 a', 'line t1 b', 'error t1 engine says no', 'end']);
  });

  it('has no channel for a node whose agent has not opened one, and refuses an unknown session', () => {
    const { router, open, subscriber } = setup();
    expect(router.request('n1', spec, subscriber().sub)).toBeUndefined();
    const call = open('nope');
    expect(call.errors).toEqual([expect.objectContaining({ code: 5 })]);
    expect(router.hasChannel('n1')).toBe(false);
  });

  it('cancels: tells the agent, and delivers nothing more', () => {
    const { router, open, subscriber } = setup();
    const call = open('s1');
    const { log, sub } = subscriber();
    const cancel = router.request('n1', spec, sub)!;
    cancel();
    cancel();
    expect(call.written.slice(1)).toEqual([{ requestId: 'r1', cancel: true }]);
    call.send({ requestId: 'r1', lines: [line('late')] });
    expect(log).toEqual([]);
  });

  it('ends every request of a node whose session ended, saying why, and closes the channel', () => {
    const { router, open, subscriber } = setup();
    const call = open('s1');
    const { log, sub } = subscriber();
    router.request('n1', spec, sub);
    router.closeSession('n1', 's2', 'another session'); // not the channel's session
    expect(log).toEqual([]);
    router.closeSession('n1', 's1', "the node's agent session ended");
    expect(log).toEqual(["lost: the node's agent session ended"]);
    expect(call.errors).toEqual([expect.objectContaining({ code: 5 })]);
    expect(router.hasChannel('n1')).toBe(false);
  });

  it('replaces the channel of a node that opens a new one, ending the requests on the old', () => {
    const { router, open, subscriber } = setup();
    const first = open('s1');
    const { log, sub } = subscriber();
    router.request('n1', spec, sub);
    const second = open('s2');
    expect(log).toEqual(['lost: the node opened a new log channel']);
    expect(first.ended).toBe(true);
    router.request('n1', spec, subscriber().sub);
    expect(second.written).toHaveLength(1);
  });

  it('ends the requests of a channel the agent closed', () => {
    const { open, subscriber, router } = setup();
    const call = open('s1');
    const { log, sub } = subscriber();
    router.request('n1', spec, sub);
    call.emit('cancelled');
    expect(log).toEqual(["lost: lost the log channel to the node's agent"]);
    expect(router.hasChannel('n1')).toBe(false);
  });
});
