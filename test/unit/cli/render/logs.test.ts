import { describe, expect, it } from 'vitest';
import { renderLogLine } from '../../../../cli/render/logs';
import type { TaskLogLine__Output } from '../../../../proto/generated/shoal/v1/TaskLogLine';

const line = (o: Partial<TaskLogLine__Output> = {}): TaskLogLine__Output => ({
  taskId: 'abcdefghijklmnopqrstuvwxy',
  service: 'web_app',
  slot: 1,
  nodeId: 'n1',
  node: 'host1',
  line: {
    taskId: 'abcdefghijklmnopqrstuvwxy',
    stream: 'stdout',
    time: Date.UTC(2026, 10, 24, 8, 0, 0, 5),
    text: 'hello world',
  },
  ...o,
});

describe('renderLogLine', () => {
  it.each([
    ['a replicated task', line(), {}, 'web_app.1.abcdefghijkl@host1 | hello world'],
    ['with --no-trunc', line(), { noTrunc: true }, 'web_app.1.abcdefghijklmnopqrstuvwxy@host1 | hello world'],
    [
      'with --timestamps',
      line(),
      { timestamps: true },
      '2026-11-24T08:00:00.005Z web_app.1.abcdefghijkl@host1 | hello world',
    ],
    [
      'a global task, named by its node',
      line({ slot: 0, nodeId: 'n7' }),
      {},
      'web_app.n7.abcdefghijkl@host1 | hello world',
    ],
    [
      'an empty line',
      line({ line: { taskId: 'x', stream: 'stdout', time: 0, text: '' } }),
      {},
      'web_app.1.abcdefghijkl@host1 | ',
    ],
  ])('%s', (_what, l, opts, want) => {
    expect(renderLogLine(l, { noTrunc: false, timestamps: false, ...opts })).toBe(want);
  });
});
