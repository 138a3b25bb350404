import { describe, expect, it } from 'vitest';
import { managerStallMs, planNodesDown } from '../../../../manager/dispatcher/liveness';
import { makeNode } from '../../../fakes/builders';

describe('planNodesDown', () => {
  const nodes = [makeNode({ id: 'fresh' }), makeNode({ id: 'silent' }), makeNode({ id: 'gone', status: 'down' })];
  it('marks down only ready nodes silent for longer than the timeout', () => {
    const seen = new Map([
      ['fresh', 9_000],
      ['silent', 6_999],
      ['gone', 0],
    ]);
    expect(planNodesDown(nodes, seen, 10_000, 3_000)).toEqual([{ nodeId: 'silent', silentForMs: 3_001 }]);
  });
  it('a silence of exactly the timeout is not yet down', () => {
    expect(
      planNodesDown(
        nodes,
        new Map([
          ['fresh', 7_000],
          ['silent', 7_000],
        ]),
        10_000,
        3_000,
      ),
    ).toEqual([]);
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
