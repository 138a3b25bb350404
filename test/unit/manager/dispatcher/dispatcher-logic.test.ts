import { describe, expect, it } from 'vitest';
import { isAssigned, planAssignmentDiff } from '../../../../manager/dispatcher/assignments';
import { managerStallMs, planNodesDown } from '../../../../manager/dispatcher/liveness';
import { judgeReport } from '../../../../manager/dispatcher/status-updates';
import { makeMeta, makeNode, makeTask } from '../../../fakes/builders';

describe('isAssigned', () => {
  const addressed = { spec: { networks: [{ target: 'web_default', aliases: [] }] }, addresses: [{ networkId: 'n1', network: 'web_default', address: '10.0.0.3/24' }] };
  it.each([
    ['desired running and live', { desiredState: 'running', status: { state: 'running' } }, true],
    ['desired shutdown', { desiredState: 'shutdown', status: { state: 'running' } }, false],
    ['ended while desired running: never started again', { desiredState: 'running', status: { state: 'failed' } }, false],
    ['on another node', { nodeId: 'other' }, false],
    ['with an address on each of its networks', addressed, true],
    ['short of an address on a network', { ...addressed, addresses: [] }, false],
  ] as const)('%s', (_w, o, want) => {
    expect(isAssigned(makeTask({ nodeId: 'n', ...(o as object) } as never), 'n')).toBe(want);
  });
});

describe('planAssignmentDiff', () => {
  const a = makeTask({ id: 'a', nodeId: 'n', meta: makeMeta({ version: 3 }) });
  const b = makeTask({ id: 'b', nodeId: 'n', meta: makeMeta({ version: 4 }) });
  it('given every task on the node and nothing sent, sends the complete set', () => {
    const d = planAssignmentDiff('n', new Set(), new Map([['a', a], ['b', b], ['x', { ...b, id: 'x', desiredState: 'shutdown' }]]));
    expect(d.added.map((t) => t.id)).toEqual(['a', 'b']);
    expect(d.removedIds).toEqual([]);
  });
  it('sends changed tasks not sent yet, and the sent ones no longer assigned: gone, moved away or shut down', () => {
    const changed = new Map([
      ['b', b],
      ['c', undefined],
      ['d', makeTask({ id: 'd', nodeId: 'other' })],
      ['e', makeTask({ id: 'e', nodeId: 'n', desiredState: 'shutdown' })],
    ]);
    const d = planAssignmentDiff('n', new Set(['a', 'c', 'd', 'e']), changed);
    expect(d.added.map((t) => t.id)).toEqual(['b']);
    expect(d.removedIds).toEqual(['c', 'd', 'e']);
  });
  it('does not send a task again when only its status (and so its version) changed', () => {
    const d = planAssignmentDiff('n', new Set(['a']), new Map([['a', { ...a, meta: makeMeta({ version: 9 }), status: { ...a.status, state: 'running' } }]]));
    expect(d.added).toEqual([]);
    expect(d.removedIds).toEqual([]);
  });
});

describe('planNodesDown', () => {
  const nodes = [makeNode({ id: 'fresh' }), makeNode({ id: 'silent' }), makeNode({ id: 'gone', status: 'down' })];
  it('marks down only ready nodes silent for longer than the timeout', () => {
    const seen = new Map([['fresh', 9_000], ['silent', 6_999], ['gone', 0]]);
    expect(planNodesDown(nodes, seen, 10_000, 3_000)).toEqual([{ nodeId: 'silent', silentForMs: 3_001 }]);
  });
  it('a silence of exactly the timeout is not yet down', () => {
    expect(planNodesDown(nodes, new Map([['fresh', 7_000], ['silent', 7_000]]), 10_000, 3_000)).toEqual([]);
  });
});

describe('managerStallMs', () => {
  it.each<[string, number, number]>([
    ['a check on time: no stall', 1_100, 0],
    ['late by timer jitter within the tolerance: no stall', 1_250, 0],
    ['late beyond the tolerance: the whole delay beyond the interval is the stall', 3_100, 2_000],
  ])('%s', (_what, now, want) => {
    expect(managerStallMs(1_000, now, 100, 150)).toBe(want);
  });
});

describe('judgeReport', () => {
  const task = makeTask({ id: 't', nodeId: 'n1', status: { state: 'assigned' } });
  const report = (state: string, containerId = '') => ({ taskId: 't', status: { state, message: '', err: '', timestamp: 1, containerId, exitCode: 0 } });
  it.each([
    ['forward move from its node', task, 'n1', report('running'), true],
    ['from another node', task, 'n2', report('running'), false],
    ['unknown task', undefined, 'n1', report('running'), false],
    ['backward move', makeTask({ id: 't', nodeId: 'n1', status: { state: 'running' } }), 'n1', report('starting'), false],
    ['same state, new container id', makeTask({ id: 't', nodeId: 'n1', status: { state: 'running', containerId: 'x' } }), 'n1', report('running', 'y'), true],
    ['same state, same facts', makeTask({ id: 't', nodeId: 'n1', status: { state: 'running', containerId: 'x' } }), 'n1', report('running', 'x'), false],
  ])('%s', (_w, t, nodeId, r, accept) => {
    expect(judgeReport(t, nodeId, r).accept).toBe(accept);
  });
});
