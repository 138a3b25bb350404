import { describe, expect, it } from 'vitest';
import { needsReconcile } from '../../../../manager/orchestrator/wake';
import type { Node } from '../../../../proto/types';
import { makeNode } from '../../../fakes/builders';

const nodes = new Map<string, Node>([
  ['ready', makeNode({ id: 'ready' })],
  ['paused', makeNode({ id: 'paused', availability: 'pause' })],
  ['down', makeNode({ id: 'down', status: 'down' })],
  ['drained', makeNode({ id: 'drained', availability: 'drain' })],
]);

describe('needsReconcile', () => {
  it.each([
    ['something besides the scheduler changed the service', undefined, true],
    ['tasks placed on ready nodes', ['ready'], false],
    ['tasks given addresses only', [''], false],
    ['a task placed on a paused node (it keeps its tasks)', ['ready', 'paused'], false],
    ['a task placed on a node down since', ['ready', 'down'], true],
    ['a task placed on a node drained since', ['drained'], true],
    ['a task placed on a node gone since', ['gone'], true],
  ] as [string, string[] | undefined, boolean][])('%s: %s', (_w, placedOn, want) => {
    expect(needsReconcile(placedOn && new Set(placedOn), (id) => nodes.get(id))).toBe(want);
  });
});
