// How assignments are cut into messages, pure: no message to an agent holds more than a size budget
// and a task count, so no number of tasks on a node, nor their size, can push one over gRPC's 4 MiB.
import type { Task } from '../../proto/types';
import { chunk } from '../../lib/chunk';
import type { AssignmentDiff } from './assignments';

export interface ChunkLimits {
  maxBytes: number;
  maxTasks: number;
}

/**
 * 1 MiB of encoded tasks a message, a quarter of the 4 MiB an agent accepts: room for the framing,
 * and a message the agent parses in milliseconds; 1,000 tasks bound the work of one message when
 * tasks are small. A single task larger than the budget goes alone in its own message: the spec-size
 * limit on every input (domain/limits.ts) keeps one task well under 4 MiB, so that message still fits.
 */
export const ASSIGNMENT_CHUNK_LIMITS: ChunkLimits = { maxBytes: 1024 * 1024, maxTasks: 1000 };

/** An assignments message before it is numbered: the stream gives each its sequence as it sends it. */
export interface AssignmentChunk {
  type: 'complete' | 'incremental';
  tasks: Task[];
  removedTaskIds: string[];
  completeBegin: boolean;
  completeEnd: boolean;
}

/** A removed id costs its bytes plus a tag and a length (a varint of at most 5 bytes): an upper bound. */
const REMOVED_ID_OVERHEAD_BYTES = 6;

type Entry = { task: Task } | { removedId: string };

/**
 * The messages that carry `diff`, in order, each within `limits` (removed ids count as entries too).
 * A complete set is always at least one message, the first marked begin and the last end, so an
 * empty set still tells the node it must run nothing; an incremental diff with nothing in it is no
 * message at all. `sizeOf` is a task's encoded size in a message.
 */
export function planAssignmentChunks(
  type: 'complete' | 'incremental',
  diff: AssignmentDiff,
  sizeOf: (t: Task) => number,
  limits: ChunkLimits = ASSIGNMENT_CHUNK_LIMITS,
): AssignmentChunk[] {
  const entries: Entry[] = [
    ...diff.removedIds.map((removedId) => ({ removedId })),
    ...diff.added.map((task) => ({ task })),
  ];
  const bytesOf = (e: Entry) =>
    'task' in e ? sizeOf(e.task) : Buffer.byteLength(e.removedId) + REMOVED_ID_OVERHEAD_BYTES;
  const runs = chunk(entries, limits.maxTasks, limits.maxBytes, bytesOf);
  if (type === 'complete' && runs.length === 0) runs.push([]);
  return runs.map((run, i) => ({
    type,
    tasks: run.flatMap((e) => ('task' in e ? [e.task] : [])),
    removedTaskIds: run.flatMap((e) => ('removedId' in e ? [e.removedId] : [])),
    completeBegin: type === 'complete' && i === 0,
    completeEnd: type === 'complete' && i === runs.length - 1,
  }));
}
