import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProgressHandlers } from '../../../../cli/client';
import type { Terminal } from '../../../../cli/commands/app';
import { ConvergeTimeoutError, UpdateFailedError, waitConverged } from '../../../../cli/commands/wait-converged';
import type { ProgressSnapshot__Output } from '../../../../proto/generated/shoal/v1/ProgressSnapshot';

/** A terminal that records what was written. */
function recordingTerminal(isTTY: boolean): Terminal & { text(): string } {
  const chunks: string[] = [];
  return { isTTY, columns: isTTY ? 80 : 0, write: (t) => void chunks.push(t), text: () => chunks.join('') };
}

/** A client whose progress stream the test drives by hand. */
function fakeClient() {
  let handlers: ProgressHandlers | undefined;
  const state = { cancelled: false, services: [] as string[] };
  return {
    state,
    watchProgress(services: string[], h: ProgressHandlers) {
      state.services = services;
      handlers = h;
      return { cancel: () => void (state.cancelled = true) };
    },
    emit: (s: ProgressSnapshot__Output) => handlers?.onSnapshot(s),
    fail: (err: Error) => handlers?.onError(err),
    end: () => handlers?.onEnd(),
  };
}

function snap(
  running: number,
  desired: number,
  tasks: ProgressSnapshot__Output['services'][number]['tasks'] = [],
): ProgressSnapshot__Output {
  const converged = running === desired && tasks.length === 0;
  return {
    converged,
    services: [
      {
        service: 'web_app',
        desired,
        running,
        converged,
        removed: false,
        tasks,
        updateState: '',
        updateMessage: '',
        tasksNotShown: 0,
      },
    ],
    batchEnd: true,
  };
}

const OPTS = { timeoutMs: 120_000, timeoutText: '2m' };

describe('waitConverged', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('on a pipe prints one summary line once converged, and hangs up', async () => {
    const out = recordingTerminal(false);
    const client = fakeClient();
    const done = waitConverged(out, client, ['web_app'], OPTS);
    client.emit(snap(1, 3));
    vi.advanceTimersByTime(2100);
    client.emit(snap(3, 3));
    await done;
    expect(out.text()).toBe('web_app: 3/3 running (converged in 2.1s)\n');
    expect(client.state).toEqual({ cancelled: true, services: ['web_app'] });
  });

  it('on a terminal redraws the progress in place', async () => {
    const out = recordingTerminal(true);
    const client = fakeClient();
    const done = waitConverged(out, client, ['web_app'], OPTS);
    client.emit(
      snap(0, 1, [
        { name: 'web_app.1', state: 'pending', message: 'no suitable node: 2 nodes lack memory', err: '', node: '' },
      ]),
    );
    client.emit(snap(1, 1));
    await done;
    expect(out.text()).toBe(
      '\x1b[Jweb_app: 0/1 running\n  web_app.1 pending: no suitable node: 2 nodes lack memory\n' +
        'waiting for services to converge (0ms)\n' +
        '\r\x1b[3A\x1b[Jweb_app: 1/1 running (converged)\nconverged in 0ms\n',
    );
  });

  it('after the timeout fails with the last state printed', async () => {
    const out = recordingTerminal(false);
    const client = fakeClient();
    const done = waitConverged(out, client, ['web_app'], OPTS);
    client.emit(
      snap(2, 3, [
        { name: 'web_app.3', state: 'pending', message: 'no suitable node: 2 nodes lack memory', err: '', node: '' },
      ]),
    );
    vi.advanceTimersByTime(120_000);
    await expect(done).rejects.toThrow(ConvergeTimeoutError);
    await expect(done).rejects.toThrow('timed out after 2m waiting for web_app to converge');
    expect(out.text()).toBe(
      'web_app: 2/3 running\n  web_app.3 pending: no suitable node: 2 nodes lack memory\n' +
        'waiting for services to converge (2m)\n',
    );
    expect(client.state.cancelled).toBe(true);
  });

  it.each([
    [
      'a stream error',
      (c: ReturnType<typeof fakeClient>) => c.fail(new Error('manager unavailable')),
      'manager unavailable',
    ],
    [
      'the stream ending early',
      (c: ReturnType<typeof fakeClient>) => c.end(),
      'the manager closed the progress stream',
    ],
  ])('fails on %s', async (_what, act, message) => {
    const client = fakeClient();
    const done = waitConverged(recordingTerminal(false), client, ['web_app'], OPTS);
    act(client);
    await expect(done).rejects.toThrow(message);
  });

  /** A snapshot of web_app with its update in `state`. */
  const update = (state: string, converged: boolean, message = ''): ProgressSnapshot__Output => {
    const s = snap(converged ? 3 : 1, 3);
    return {
      converged,
      services: [{ ...s.services[0]!, converged, updateState: state, updateMessage: message }],
      batchEnd: true,
    };
  };
  const judged = { ...OPTS, changes: new Map([['web_app', 'update' as const]]) };

  it('waits through an update until it completes', async () => {
    const out = recordingTerminal(false);
    const client = fakeClient();
    const done = waitConverged(out, client, ['web_app'], judged);
    client.emit(update('updating', false));
    expect(client.state.cancelled).toBe(false);
    client.emit(update('completed', true, 'update completed'));
    await done;
    expect(out.text()).toBe('web_app: 3/3 running (converged in 0ms)\n');
  });

  it.each([
    [
      'rolled back',
      update('rollback_completed', true, 'task web_app.1 failed: task: non-zero exit (1)'),
      'web_app: update rolled back: task web_app.1 failed: task: non-zero exit (1)',
    ],
    ['paused', update('paused', false, 'task web_app.1 rejected'), 'web_app: update paused: task web_app.1 rejected'],
  ])('fails naming the service and why when its update was %s', async (_what, last, line) => {
    const client = fakeClient();
    const done = waitConverged(recordingTerminal(false), client, ['web_app'], judged);
    client.emit(update('updating', false));
    client.emit(last);
    await expect(done).rejects.toThrow(UpdateFailedError);
    await expect(done).rejects.toThrow(line);
    expect(client.state.cancelled).toBe(true);
  });
});
