import { describe, expect, it } from 'vitest';
import {
  ASSIGNMENT_CHUNK_LIMITS,
  planAssignmentChunks,
  type AssignmentChunk,
} from '../../../../manager/dispatcher/assignment-chunks';
import { encodedReplySize, loadShoalProto } from '../../../../proto/loader';
import type { Task } from '../../../../proto/types';
import { makeTask } from '../../../fakes/builders';

/** A message as one line: `[` when it begins a complete set, its task ids, `-id` per removal, `]` when it ends one. */
function show(c: AssignmentChunk): string {
  return [
    ...(c.completeBegin ? ['['] : []),
    ...c.tasks.map((t) => t.id),
    ...c.removedTaskIds.map((id) => `-${id}`),
    ...(c.completeEnd ? [']'] : []),
  ].join(' ');
}

const LIMITS = { maxBytes: 100, maxTasks: 3 };
/** A task's size in these cases: the number after its name's first letter ("a40" is 40 bytes). */
const sizeOf = (t: Task) => Number(t.id.slice(1));
const tasks = (ids: string) => (ids ? ids.split(' ').map((id) => makeTask({ id })) : []);
const ids = (s: string) => (s ? s.split(' ') : []);

describe('planAssignmentChunks', () => {
  it.each([
    ['an empty complete set is still one message, begin and end', 'complete', '', '', ['[ ]']],
    ['an incremental change with nothing in it is no message', 'incremental', '', '', []],
    ['a small complete set is one message', 'complete', 'a10 b10', '', ['[ a10 b10 ]']],
    ['cut by bytes: 40 + 40 fit 100, a third does not', 'complete', 'a40 b40 c40', '', ['[ a40 b40', 'c40 ]']],
    ['cut by count: 3 tasks a message', 'complete', 'a1 b1 c1 d1 e1 f1 g1', '', ['[ a1 b1 c1', 'd1 e1 f1', 'g1 ]']],
    ['a task over the budget goes alone, between', 'complete', 'a10 b500 c10', '', ['[ a10', 'b500', 'c10 ]']],
    ['a complete set of one task over the budget', 'complete', 'b500', '', ['[ b500 ]']],
    ['incremental: removals and additions together', 'incremental', 'a10', 'x y', ['a10 -x -y']],
    ['incremental: removals count toward the task count', 'incremental', 'a10', 'w x y z', ['-w -x -y', 'a10 -z']],
    ['incremental chunks never mark a complete set', 'incremental', 'a60 b60', '', ['a60', 'b60']],
  ] as const)('%s', (_what, type, added, removed, want) => {
    const chunks = planAssignmentChunks(type, { added: tasks(added), removedIds: ids(removed) }, sizeOf, LIMITS);
    expect(chunks.map(show)).toEqual(want);
    expect(chunks.every((c) => c.type === type)).toBe(true);
  });

  it('keeps every real message of 15 tasks of 300 KB each within the 1 MiB budget, in order', () => {
    const big = 'x'.repeat(300_000);
    const added = Array.from({ length: 15 }, (_, i) =>
      makeTask({ id: `t${i}`, spec: { container: { image: 'busybox:latest', env: [`BIG=${big}`] } } }),
    );
    const size = (t: Task) => encodedReplySize('Dispatcher', 'Assignments', { tasks: [t] });
    const chunks = planAssignmentChunks('complete', { added, removedIds: [] }, size);
    const serialize = loadShoalProto().shoal.v1.Dispatcher.service.Assignments!.responseSerialize;
    const bytes = chunks.map((c) => serialize({ ...c, sequence: 1 }).length);
    expect(chunks.length).toBe(5);
    expect(Math.max(...bytes)).toBeLessThanOrEqual(ASSIGNMENT_CHUNK_LIMITS.maxBytes + 64);
    expect(chunks.flatMap((c) => c.tasks.map((t) => t.id))).toEqual(added.map((t) => t.id));
  });
});
