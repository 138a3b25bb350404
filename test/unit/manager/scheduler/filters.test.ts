import { describe, expect, it } from 'vitest';
import { compileConstraint, parseConstraints } from '../../../../domain/constraint';
import { explainUnplaced, loadRejection, staticRejection, type Rejection } from '../../../../manager/scheduler/filters';
import { makeNode } from '../../../fakes/builders';

const GIB = 2 ** 30;

describe('staticRejection', () => {
  it.each([
    ['a ready, active node passes', {}, [], null],
    ['a down node', { status: 'down' }, [], 'down'],
    ['down is reported before drained', { status: 'down', availability: 'drain' }, [], 'down'],
    ['a drained node', { availability: 'drain' }, [], 'drained'],
    ['a paused node', { availability: 'pause' }, [], 'paused'],
    ['a constraint it fails', {}, ['node.role==manager'], 'constraints'],
    ['constraints it meets', {}, ['node.role==worker', 'node.platform.os==linux'], null],
  ] as const)('%s', (_, node, exprs, expected) => {
    expect(staticRejection(makeNode(node), parseConstraints(exprs)!.map(compileConstraint))).toBe(expected);
  });

  it('rejects every node for constraints that do not parse', () => {
    expect(staticRejection(makeNode(), null)).toBe('constraints');
  });
});

describe('loadRejection', () => {
  const need = { nanoCpus: 1e9, memoryBytes: GIB };
  it.each([
    ['enough of everything', 2e9, 2 * GIB, 0, 0, null],
    ['exactly enough', 1e9, GIB, 0, 0, null],
    ['too little CPU', 0.5e9, 2 * GIB, 0, 0, 'cpu'],
    ['too little memory', 2e9, GIB - 1, 0, 0, 'memory'],
    ['at max replicas per node', 2e9, 2 * GIB, 2, 2, 'max-replicas'],
    ['under max replicas per node', 2e9, 2 * GIB, 1, 2, null],
    ['max 0 is unlimited', 2e9, 2 * GIB, 100, 0, null],
  ] as const)('%s', (_, cpu, mem, onNode, max, expected) => {
    expect(loadRejection(need, cpu, mem, onNode, max)).toBe(expected);
  });
});

describe('explainUnplaced', () => {
  it.each([
    ['an empty cluster', 0, [], 'no nodes'],
    ['one reason', 1, [['down', 1]], 'no suitable node: 1 node is down'],
    [
      'most common first',
      3,
      [
        ['down', 1],
        ['memory', 2],
      ],
      'no suitable node: 2 nodes lack memory, 1 node is down',
    ],
    [
      'ties in filter order',
      2,
      [
        ['cpu', 1],
        ['constraints', 1],
      ],
      'no suitable node: 1 node does not satisfy the constraints, 1 node lacks CPU',
    ],
    [
      'plurals',
      7,
      [
        ['drained', 2],
        ['paused', 2],
        ['max-replicas', 3],
      ],
      'no suitable node: 3 nodes have reached max replicas per node, 2 nodes are drained, 2 nodes are paused',
    ],
  ] as [string, number, [Rejection, number][], string][])('%s', (_, nodeCount, counts, expected) => {
    expect(explainUnplaced(nodeCount, new Map(counts))).toBe(expected);
  });
});
