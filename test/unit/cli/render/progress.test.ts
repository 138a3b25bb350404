import { describe, expect, it } from 'vitest';
import type { ProgressSnapshot__Output } from '../../../../proto/generated/shoal/v1/ProgressSnapshot';
import type { ServiceProgress__Output } from '../../../../proto/generated/shoal/v1/ServiceProgress';
import type { TaskProgress__Output } from '../../../../proto/generated/shoal/v1/TaskProgress';
import {
  isSettled,
  redraw,
  renderProgress,
  renderProgressSummary,
  renderUpdateFailures,
  type StartedChange,
} from '../../../../cli/render/progress';

function svc(
  service: string,
  desired: number,
  running: number,
  tasks: Partial<TaskProgress__Output>[] = [],
  removed = false,
): ServiceProgress__Output {
  return {
    service,
    desired,
    running,
    converged: !removed && running === desired && tasks.length === 0,
    removed,
    tasks: tasks.map((t) => ({ name: '', state: '', message: '', err: '', node: '', ...t })),
    updateState: '',
    updateMessage: '',
    tasksNotShown: 0,
  };
}

/** A service whose update is in `state`; converged unless the update is under way or paused. */
function updating(service: string, state: string, message = ''): ServiceProgress__Output {
  const converged = !['updating', 'rollback_started', 'paused', 'rollback_paused'].includes(state);
  return { ...svc(service, 3, converged ? 3 : 1), converged, updateState: state, updateMessage: message };
}

function snapshot(...services: ServiceProgress__Output[]): ProgressSnapshot__Output {
  return { services, converged: services.every((s) => s.converged || s.removed), batchEnd: true };
}

describe('renderProgress', () => {
  it.each([
    [
      'a converged service and one waiting, with the pending reason and the failure',
      snapshot(
        svc('web_db', 1, 1),
        svc('web_app', 3, 1, [
          { name: 'web_app.3', state: 'pending', message: 'no suitable node: 2 nodes lack memory' },
          { name: 'web_app.2', state: 'failed', err: 'task: non-zero exit (1)', node: 'host-2' },
        ]),
      ),
      [
        'web_app: 1/3 running',
        '  web_app.2 failed on host-2: task: non-zero exit (1)',
        '  web_app.3 pending: no suitable node: 2 nodes lack memory',
        'web_db: 1/1 running (converged)',
        'waiting for services to converge (3.2s)',
      ],
    ],
    ['everything converged', snapshot(svc('web_app', 2, 2)), ['web_app: 2/2 running (converged)', 'converged in 3.2s']],
    ['a removed service', snapshot(svc('web_old', 0, 0, [], true)), ['web_old: removed', 'converged in 3.2s']],
    [
      'a task with no reason yet',
      snapshot(svc('a', 1, 0, [{ name: 'a.1', state: 'assigned', node: 'h' }])),
      ['a: 0/1 running', '  a.1 assigned on h', 'waiting for services to converge (3.2s)'],
    ],
    [
      'an update under way',
      snapshot(updating('web_app', 'updating', 'update in progress')),
      ['web_app: 1/3 running, updating', 'waiting for services to converge (3.2s)'],
    ],
    [
      'a completed update adds nothing',
      snapshot(updating('web_app', 'completed', 'update completed')),
      ['web_app: 3/3 running (converged)', 'converged in 3.2s'],
    ],
    [
      'a paused update, with why',
      snapshot(updating('web_app', 'paused', 'task web_app.1 failed: exit 1')),
      [
        'web_app: 1/3 running, update paused: task web_app.1 failed: exit 1',
        'not converged: an update is paused (3.2s)',
      ],
    ],
    [
      'a rollback under way',
      snapshot(updating('web_app', 'rollback_started', 'task web_app.1 failed')),
      ['web_app: 1/3 running, rolling back: task web_app.1 failed', 'waiting for services to converge (3.2s)'],
    ],
    [
      'a completed rollback',
      snapshot(updating('web_app', 'rollback_completed', 'task web_app.1 failed')),
      ['web_app: 3/3 running, rolled back: task web_app.1 failed (converged)', 'converged in 3.2s'],
    ],
  ])('%s', (_what, snap, expected) => {
    expect(renderProgress(snap, { elapsedMs: 3200 })).toEqual(expected);
  });
});

describe('isSettled', () => {
  it.each([
    ['every service converged', [svc('a', 1, 1)], true],
    ['a service still converging', [svc('a', 1, 1), svc('b', 2, 1)], false],
    ['an update under way', [updating('a', 'updating')], false],
    ['a paused update: nothing more will happen by itself', [svc('a', 1, 1), updating('b', 'paused')], true],
    ['a paused rollback', [updating('b', 'rollback_paused')], true],
  ] as [string, ServiceProgress__Output[], boolean][])('%s: %s', (_what, services, expected) => {
    expect(isSettled(snapshot(...services))).toBe(expected);
  });
});

describe('renderUpdateFailures', () => {
  const update = new Map<string, StartedChange>([['web_app', 'update']]);
  const rollback = new Map<string, StartedChange>([['web_app', 'rollback']]);
  it.each([
    ['a completed update', updating('web_app', 'completed', 'update completed'), update, []],
    [
      'a paused update',
      updating('web_app', 'paused', 'task web_app.2 failed: exit 1'),
      update,
      ['web_app: update paused: task web_app.2 failed: exit 1'],
    ],
    [
      'a rolled back update',
      updating('web_app', 'rollback_completed', 'task web_app.2 rejected'),
      update,
      ['web_app: update rolled back: task web_app.2 rejected'],
    ],
    [
      'a rolled back update whose rollback paused',
      updating('web_app', 'rollback_paused', 'task web_app.1 failed'),
      update,
      ['web_app: update rolled back, then the rollback paused: task web_app.1 failed'],
    ],
    [
      'a completed rollback the command asked for',
      updating('web_app', 'rollback_completed', 'manually requested rollback'),
      rollback,
      [],
    ],
    [
      'a paused rollback the command asked for',
      updating('web_app', 'rollback_paused', 'task web_app.1 failed'),
      rollback,
      ['web_app: rollback paused: task web_app.1 failed'],
    ],
    [
      'a service the command did not update',
      updating('web_app', 'rollback_completed', 'an older failure'),
      new Map<string, StartedChange>(),
      [],
    ],
  ] as [string, ServiceProgress__Output, Map<string, StartedChange>, string[]][])(
    '%s',
    (_what, s, started, expected) => {
      expect(renderUpdateFailures(snapshot(s), started)).toEqual(expected);
    },
  );
});

describe('renderProgressSummary', () => {
  it.each([
    [
      'converged',
      snapshot(svc('web_db', 1, 1), svc('web_app', 3, 3)),
      'web_app: 3/3 running; web_db: 1/1 running (converged in 2.1s)',
    ],
    [
      'not converged',
      snapshot(svc('web_app', 3, 2, [{ name: 'web_app.3', state: 'pending' }])),
      'web_app: 2/3 running (not converged after 2.1s)',
    ],
  ])('%s', (_what, snap, expected) => {
    expect(renderProgressSummary(snap, { elapsedMs: 2100 })).toBe(expected);
  });
});

describe('redraw', () => {
  it.each([
    ['first draw: clears below and writes the lines', 0, ['a', 'b'], 80, '\x1b[Ja\nb\n'],
    ['later draws move up over the lines drawn before', 3, ['a'], 80, '\r\x1b[3A\x1b[Ja\n'],
    ['lines are cut to fit the terminal so none wraps', 0, ['abcdef'], 4, '\x1b[Jabc\n'],
    ['an unknown width cuts nothing', 0, ['abcdef'], 0, '\x1b[Jabcdef\n'],
  ])('%s', (_what, previous, lines, columns, expected) => {
    expect(redraw(previous, lines, columns)).toBe(expected);
  });
});
