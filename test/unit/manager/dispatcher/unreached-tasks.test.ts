import { describe, expect, it } from 'vitest';
import type { Task } from '../../../../proto/types';
import { planUnreached } from '../../../../manager/dispatcher/unreached-tasks';
import { makeTask } from '../../../fakes/builders';

describe('planUnreached', () => {
  const REGISTERED_AT = 1_000;
  /** A task placed on node n in the session (at 1 500) and since taken away, still `assigned`. */
  const taken = (o: Parameters<typeof makeTask>[0] = {}): Task =>
    makeTask({
      id: 't',
      nodeId: 'n',
      desiredState: 'shutdown',
      ...o,
      status: { state: 'assigned', timestamp: 1_500, ...o.status },
    });
  const wanted = makeTask({ id: 'u', nodeId: 'n', status: { state: 'running', timestamp: 1_500 } });

  it.each<
    [
      string,
      'complete' | 'incremental',
      string[],
      [string, Task | undefined][],
      { ended: string[]; leftNode: string[] },
    ]
  >([
    ['ends a task taken away before it was sent', 'incremental', [], [['t', taken()]], { ended: ['t'], leftNode: [] }],
    [
      'ends one assigned at the very time the session registered',
      'incremental',
      [],
      [['t', taken({ status: { timestamp: REGISTERED_AT } })]],
      { ended: ['t'], leftNode: [] },
    ],
    ['ends one found by a complete pass as well', 'complete', [], [['t', taken()]], { ended: ['t'], leftNode: [] }],
    [
      "not one assigned before the session registered: an older session's agent may have it",
      'incremental',
      [],
      [['t', taken({ status: { timestamp: 999 } })]],
      { ended: [], leftNode: [] },
    ],
    [
      'not one that was sent: its agent reports it ended (and it stays remembered)',
      'incremental',
      ['t'],
      [['t', taken()]],
      { ended: [], leftNode: [] },
    ],
    [
      'not one still desired running',
      'incremental',
      [],
      [['t', taken({ desiredState: 'running' })]],
      { ended: [], leftNode: [] },
    ],
    [
      'not one past assigned: an agent has it',
      'incremental',
      [],
      [['t', taken({ status: { state: 'accepted' } })]],
      { ended: [], leftNode: [] },
    ],
    ['not one on another node', 'incremental', [], [['t', taken({ nodeId: 'other' })]], { ended: [], leftNode: [] }],
    ['nothing for a task gone from the store', 'incremental', [], [['t', undefined]], { ended: [], leftNode: [] }],
    ['forgets a sent task that is gone', 'incremental', ['t'], [['t', undefined]], { ended: [], leftNode: ['t'] }],
    [
      'forgets a sent task now on another node',
      'incremental',
      ['t'],
      [['t', taken({ nodeId: 'other' })]],
      { ended: [], leftNode: ['t'] },
    ],
    [
      'an incremental pass forgets only among the changed tasks',
      'incremental',
      ['s'],
      [['t', undefined]],
      { ended: [], leftNode: [] },
    ],
    [
      "a complete pass forgets every sent task not among the node's tasks",
      'complete',
      ['s', 'u'],
      [['u', wanted]],
      { ended: [], leftNode: ['s'] },
    ],
  ])('%s', (_what, type, everSent, changed, want) => {
    const plan = planUnreached(
      { nodeId: 'n', registeredAt: REGISTERED_AT, everSent: new Set(everSent) },
      type,
      new Map(changed),
      2_000,
    );
    expect({ ended: plan.reports.map((r) => r.taskId), leftNode: plan.leftNode }).toEqual(want);
  });

  it('reports the task shut down, why and when, keeping the rest of its status', () => {
    const t = taken({ status: { containerId: 'c1' } });
    const plan = planUnreached(
      { nodeId: 'n', registeredAt: REGISTERED_AT, everSent: new Set() },
      'incremental',
      new Map([['t', t]]),
      2_000,
    );
    expect(plan.reports).toEqual([
      {
        taskId: 't',
        status: { ...t.status, state: 'shutdown', message: 'taken away before it reached its node', timestamp: 2_000 },
      },
    ]);
  });
});
