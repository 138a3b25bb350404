import { describe, expect, it } from 'vitest';
import { judgeReport } from '../../../../manager/dispatcher/status-updates';
import { makeTask } from '../../../fakes/builders';

describe('judgeReport', () => {
  const task = makeTask({ id: 't', nodeId: 'n1', status: { state: 'assigned' } });
  const report = (state: string, containerId = '') => ({
    taskId: 't',
    status: { state, message: '', err: '', timestamp: 1, containerId, exitCode: 0 },
  });
  it.each([
    ['forward move from its node', task, 'n1', report('running'), true],
    ['from another node', task, 'n2', report('running'), false],
    ['unknown task', undefined, 'n1', report('running'), false],
    [
      'backward move',
      makeTask({ id: 't', nodeId: 'n1', status: { state: 'running' } }),
      'n1',
      report('starting'),
      false,
    ],
    [
      'same state, new container id',
      makeTask({ id: 't', nodeId: 'n1', status: { state: 'running', containerId: 'x' } }),
      'n1',
      report('running', 'y'),
      true,
    ],
    [
      'same state, same facts',
      makeTask({ id: 't', nodeId: 'n1', status: { state: 'running', containerId: 'x' } }),
      'n1',
      report('running', 'x'),
      false,
    ],
  ])('%s', (_w, t, nodeId, r, accept) => {
    expect(judgeReport(t, nodeId, r).accept).toBe(accept);
  });
});
