import { describe, expect, it } from 'vitest';
import { isAssigned, planAssignmentDiff } from '../../../../manager/dispatcher/assignments';
import { makeMeta, makeTask } from '../../../fakes/builders';

describe('isAssigned', () => {
  const addressed = {
    spec: { networks: [{ target: 'web_default', aliases: [] }] },
    addresses: [{ networkId: 'n1', network: 'web_default', address: '10.0.0.3/24' }],
  };
  it.each([
    ['desired running and live', { desiredState: 'running', status: { state: 'running' } }, true],
    ['desired shutdown', { desiredState: 'shutdown', status: { state: 'running' } }, false],
    [
      'ended while desired running: never started again',
      { desiredState: 'running', status: { state: 'failed' } },
      false,
    ],
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
    const d = planAssignmentDiff(
      'n',
      new Set(),
      new Map([
        ['a', a],
        ['b', b],
        ['x', { ...b, id: 'x', desiredState: 'shutdown' }],
      ]),
    );
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
    const d = planAssignmentDiff(
      'n',
      new Set(['a']),
      new Map([['a', { ...a, meta: makeMeta({ version: 9 }), status: { ...a.status, state: 'running' } }]]),
    );
    expect(d.added).toEqual([]);
    expect(d.removedIds).toEqual([]);
  });
});
