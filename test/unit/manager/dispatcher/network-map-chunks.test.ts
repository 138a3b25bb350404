import { describe, expect, it } from 'vitest';
import type { NetworkMapChange } from '../../../../domain/network-map-model';
import { planNetworkMapChunks } from '../../../../manager/dispatcher/network-map-chunks';

/** A change whose encoded size is the number its network id carries. */
const change = (bytes: number): NetworkMapChange => ({ op: 'remove', networkId: String(bytes), object: 'network' });
const sizeOf = (c: NetworkMapChange) => Number(c.networkId);
const limits = { maxBytes: 100, maxChanges: 3 };

/** Each message as "type [ sizes ]", brackets for batch begin and end. */
function plan(type: 'complete' | 'incremental', sizes: number[]): string[] {
  return planNetworkMapChunks(type, sizes.map(change), sizeOf, limits).map((m) =>
    [m.type, m.batchBegin ? '[' : '', ...m.changes.map(sizeOf), m.batchEnd ? ']' : '']
      .filter((w) => w !== '')
      .join(' '),
  );
}

describe('planNetworkMapChunks', () => {
  it.each<[string, 'complete' | 'incremental', number[], string[]]>([
    ['a small batch is one message, begin and end', 'incremental', [10, 20], ['incremental [ 10 20 ]']],
    ['an empty complete batch is still one message: the map is empty', 'complete', [], ['complete [ ]']],
    ['an empty incremental batch is no message', 'incremental', [], []],
    ['at most maxChanges a message', 'complete', [1, 1, 1, 1], ['complete [ 1 1 1', 'complete 1 ]']],
    [
      'at most maxBytes a message',
      'incremental',
      [60, 30, 20, 90],
      ['incremental [ 60 30', 'incremental 20', 'incremental 90 ]'],
    ],
    [
      'a change over the budget goes alone',
      'complete',
      [10, 150, 10],
      ['complete [ 10', 'complete 150', 'complete 10 ]'],
    ],
  ])('%s', (_what, type, sizes, want) => {
    expect(plan(type, sizes)).toEqual(want);
  });
});
