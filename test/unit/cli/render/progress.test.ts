import { describe, expect, it } from 'vitest';
import type { ProgressSnapshot__Output } from '../../../../proto/generated/shoal/v1/ProgressSnapshot';
import type { ServiceProgress__Output } from '../../../../proto/generated/shoal/v1/ServiceProgress';
import type { TaskProgress__Output } from '../../../../proto/generated/shoal/v1/TaskProgress';
import { redraw, renderProgress, renderProgressSummary } from '../../../../cli/render/progress';

function svc(service: string, desired: number, running: number, tasks: Partial<TaskProgress__Output>[] = [], removed = false): ServiceProgress__Output {
  return {
    service,
    desired,
    running,
    converged: !removed && running === desired && tasks.length === 0,
    removed,
    tasks: tasks.map((t) => ({ name: '', state: '', message: '', err: '', node: '', ...t })),
  };
}

function snapshot(...services: ServiceProgress__Output[]): ProgressSnapshot__Output {
  return { services, converged: services.every((s) => s.converged || s.removed) };
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
    ['a task with no reason yet', snapshot(svc('a', 1, 0, [{ name: 'a.1', state: 'assigned', node: 'h' }])), ['a: 0/1 running', '  a.1 assigned on h', 'waiting for services to converge (3.2s)']],
  ])('%s', (_what, snap, expected) => {
    expect(renderProgress(snap, { elapsedMs: 3200 })).toEqual(expected);
  });
});

describe('renderProgressSummary', () => {
  it.each([
    ['converged', snapshot(svc('web_db', 1, 1), svc('web_app', 3, 3)), 'web_app: 3/3 running; web_db: 1/1 running (converged in 2.1s)'],
    ['not converged', snapshot(svc('web_app', 3, 2, [{ name: 'web_app.3', state: 'pending' }])), 'web_app: 2/3 running (not converged after 2.1s)'],
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
