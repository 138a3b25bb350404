import { describe, expect, it } from 'vitest';
import { planReceivedAssignments, type PartialSet } from '../../../agent/assignment-chunks';
import type { AssignmentsMessage__Output } from '../../../proto/generated/shoal/v1/AssignmentsMessage';
import { makeTask } from '../../fakes/builders';

/**
 * A message from one line: `complete` or `incremental`, its sequence, `[` to begin a complete set, task
 * ids, `-id` per removal, `]` to end the set. "complete 4 [ a b" is the first chunk of a set, numbered 4.
 */
function msg(line: string): AssignmentsMessage__Output {
  const [type, sequence, ...rest] = line.split(' ');
  return {
    type: type!,
    sequence: Number(sequence),
    tasks: rest.filter((w) => !/^[[\]-]/.test(w)).map((id) => makeTask({ id })),
    removedTaskIds: rest.filter((w) => w.startsWith('-')).map((w) => w.slice(1)),
    completeBegin: rest.includes('['),
    completeEnd: rest.includes(']'),
  };
}

/** Feeds the messages in order; what was applied, one line each (`complete a b` / `incremental a -x`). */
function receive(lines: readonly string[]): { applied: string[]; dropped: number; holding: boolean } {
  let partial: PartialSet | undefined;
  const applied: string[] = [];
  let dropped = 0;
  for (const line of lines) {
    const plan = planReceivedAssignments(partial, msg(line));
    partial = plan.partial;
    if (plan.dropped) dropped++;
    const u = plan.apply;
    if (u) applied.push([u.type, ...u.tasks.map((t) => t.id), ...u.removedTaskIds.map((id) => `-${id}`)].join(' '));
  }
  return { applied, dropped, holding: partial !== undefined };
}

describe('planReceivedAssignments', () => {
  it.each([
    ['a complete set in one message is applied at once', ['complete 1 [ a b ]'], ['complete a b'], 0, false],
    ['an empty complete set is applied: the node runs nothing', ['complete 1 [ ]'], ['complete'], 0, false],
    [
      'a set in three chunks is applied once, whole, with its end',
      ['complete 1 [ a', 'complete 2 b', 'complete 3 c ]'],
      ['complete a b c'],
      0,
      false,
    ],
    ['a set cut after two chunks is never applied', ['complete 1 [ a', 'complete 2 b'], [], 0, true],
    [
      'a new set begun replaces the half one held (the stream was cut)',
      ['complete 1 [ a', 'complete 2 b', 'complete 3 [ a', 'complete 4 c ]'],
      ['complete a c'],
      0,
      false,
    ],
    ['an incremental change is applied as it comes', ['incremental 5 a -x'], ['incremental a -x'], 0, false],
    ['a chunk out of sequence drops the set', ['complete 1 [ a', 'complete 3 b', 'complete 4 c ]'], [], 2, false],
    ['a chunk with no set begun is dropped', ['complete 7 b ]'], [], 1, false],
    [
      'changes after a complete set apply on top of it',
      ['complete 1 [ a', 'complete 2 b ]', 'incremental 3 c -a'],
      ['complete a b', 'incremental c -a'],
      0,
      false,
    ],
  ] as const)('%s', (_what, lines, applied, dropped, holding) => {
    expect(receive(lines)).toEqual({ applied, dropped, holding });
  });
});
