import { describe, expect, it } from 'vitest';
import type { TaskView__Output } from '../../../../proto/generated/shoal/v1/TaskView';
import { renderTaskTable, sortTasks, toTaskJson } from '../../../../cli/render/tasks';
import { makeTask, type TaskOverrides } from '../../../fakes/builders';
import { goldenLines } from './golden';

const NOW = 1_700_000_000_000;
const HOUR_MS = 3_600_000;

function view(o: TaskOverrides, nodeHostname = 'node-1'): TaskView__Output {
  return { task: makeTask(o), nodeHostname };
}

const golden = view(
  {
    id: 'id-foo',
    serviceName: 'service-id-foo',
    slot: 1,
    desiredState: 'ready',
    status: { state: 'failed', timestamp: NOW - 2 * HOUR_MS },
    spec: { container: { image: 'myimage:mytag' } },
  },
  'node-name-bar',
);

/** The table's cells by header, read from a rendered row. */
function cells(lines: string[], row = 1): Record<string, string> {
  const header = lines[0];
  const names = ['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS'];
  const starts = names.map((n) => header.indexOf(n));
  return Object.fromEntries(names.map((n, i) => [n, lines[row].slice(starts[i], starts[i + 1]).trim()]));
}

describe('renderTaskTable', () => {
  it.each([
    ['stack-ps-without-format', false],
    ['stack-ps-with-quiet-option', true],
  ])('matches the docker CLI golden %s', (name, quiet) => {
    expect(renderTaskTable([golden], { quiet, noTrunc: false, now: NOW })).toEqual(goldenLines(name));
  });

  it.each([
    [
      'a pending task shows why it waits',
      { state: 'pending', message: 'no suitable node: 2 nodes lack memory' },
      'no suitable node: 2 nodes lack memory',
    ],
    [
      'a failed task shows its error',
      { state: 'failed', err: 'task: non-zero exit (1)', message: 'started' },
      'task: non-zero exit (1)',
    ],
    ['a running task shows no message', { state: 'running', message: 'started' }, ''],
  ])('ERROR: %s', (_what, status, expected) => {
    const lines = renderTaskTable([view({ status })], { quiet: false, noTrunc: false, now: NOW });
    expect(cells(lines)['ERROR']).toBe(expected);
  });

  it.each([
    ['state and age', { state: 'running', timestamp: NOW - 5 * 60_000 }, 'Running 5 minutes ago'],
    ['only the state when no time is known', { state: 'pending', timestamp: 0 }, 'Pending'],
  ])('CURRENT STATE shows %s', (_what, status, expected) => {
    const lines = renderTaskTable([view({ status })], { quiet: false, noTrunc: false, now: NOW });
    expect(cells(lines)['CURRENT STATE']).toBe(expected);
  });

  it('lists host-mode published ports of the task', () => {
    const ports = [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'host' }];
    const lines = renderTaskTable([view({ spec: { endpoint: { mode: 'vip', ports } } })], {
      quiet: false,
      noTrunc: false,
      now: NOW,
    });
    expect(cells(lines)['PORTS']).toBe('*:8080->80/tcp');
  });

  it('orders by name naturally, newest first in a slot, marking older tasks', () => {
    const tasks = [
      view({ id: 't-old', serviceName: 'web', slot: 1, meta: { version: 1, createdAt: 1, updatedAt: 1 } }),
      view({ id: 't-10', serviceName: 'web', slot: 10 }),
      view({ id: 't-new', serviceName: 'web', slot: 1, meta: { version: 1, createdAt: 2, updatedAt: 2 } }),
      view({ id: 't-2', serviceName: 'web', slot: 2 }),
    ];
    const lines = renderTaskTable(tasks, { quiet: false, noTrunc: false, now: NOW });
    expect(lines.slice(1).map((_, i) => [cells(lines, i + 1)['ID'], cells(lines, i + 1)['NAME']])).toEqual([
      ['t-new', 'web.1'],
      ['t-old', '\\_ web.1'],
      ['t-2', 'web.2'],
      ['t-10', 'web.10'],
    ]);
  });

  it('truncates ids to 12 characters unless noTrunc', () => {
    const t = view({ id: 'xn4cypcov06f2w8gsbaf2lst3' });
    expect(cells(renderTaskTable([t], { quiet: false, noTrunc: false, now: NOW }))['ID']).toBe('xn4cypcov06f');
    expect(cells(renderTaskTable([t], { quiet: false, noTrunc: true, now: NOW }))['ID']).toBe(
      'xn4cypcov06f2w8gsbaf2lst3',
    );
  });
});

describe('task JSON', () => {
  it('carries the fields scripts read, in camelCase, with the node hostname', () => {
    const v = view(
      {
        id: 'task-9',
        serviceName: 'web_app',
        slot: 3,
        nodeId: 'n-1',
        desiredState: 'running',
        status: { state: 'pending', message: 'no suitable node: 2 nodes lack memory', containerId: '' },
      },
      'host-a',
    );
    expect(toTaskJson(v)).toMatchObject({
      id: 'task-9',
      name: 'web_app.3',
      service: 'web_app',
      slot: 3,
      node: 'host-a',
      desiredState: 'running',
      state: 'pending',
      message: 'no suitable node: 2 nodes lack memory',
      error: '',
      containerId: '',
    });
  });

  it.each([
    ['a global task is named by its node id', { serviceName: 'mon', slot: 0, nodeId: 'n-7' }, '', 'mon.n-7', 'n-7'],
    ['an unassigned task has no node', { serviceName: 'web', slot: 1, nodeId: '' }, '', 'web.1', ''],
  ])('%s', (_what, o, hostname, name, node) => {
    expect(toTaskJson(view(o, hostname))).toMatchObject({ name, node });
  });

  it('sorts by name, then newest first', () => {
    const a = toTaskJson(
      view({ id: 'a', serviceName: 'web', slot: 2, meta: { version: 1, createdAt: 5, updatedAt: 5 } }),
    );
    const b = toTaskJson(
      view({ id: 'b', serviceName: 'web', slot: 2, meta: { version: 1, createdAt: 9, updatedAt: 9 } }),
    );
    const c = toTaskJson(view({ id: 'c', serviceName: 'web', slot: 1 }));
    expect(sortTasks([a, b, c]).map((t) => t.id)).toEqual(['c', 'b', 'a']);
  });
});
