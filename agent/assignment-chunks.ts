// What an agent makes of each assignments message, pure. An incremental message is applied as it
// comes. The chunks of a complete set are held until the one marked end, and only then applied as one
// set: a set missing chunks would say that tasks it lacks are not the node's, and the agent would stop
// them. A stream cut mid-set therefore leaves what the agent runs untouched; the next stream begins a
// new set, which replaces the half one held.
import type { AssignmentsMessage__Output } from '../proto/generated/shoal/v1/AssignmentsMessage';
import type { Task } from '../proto/types';

/** The chunks of a complete set received so far, and the sequence of the last. */
export interface PartialSet {
  chunks: Task[][];
  lastSequence: number;
}

/** A change to apply to what the node runs, as a message says it but whole: a complete set has every chunk. */
export interface AssignmentUpdate {
  type: 'complete' | 'incremental';
  tasks: Task[];
  removedTaskIds: string[];
}

export interface ReceivedPlan {
  /** The complete set still being received, if any. */
  partial?: PartialSet;
  apply?: AssignmentUpdate;
  /** Why chunks were dropped: a continuing chunk with no set begun, or out of sequence. */
  dropped?: string;
}

export function planReceivedAssignments(
  partial: PartialSet | undefined,
  msg: AssignmentsMessage__Output,
): ReceivedPlan {
  const tasks = msg.tasks as Task[];
  if (msg.type !== 'complete') {
    // The manager writes a set's chunks back to back, so no incremental comes between them.
    return { partial, apply: { type: 'incremental', tasks, removedTaskIds: msg.removedTaskIds } };
  }
  const sequence = Number(msg.sequence);
  let held: PartialSet;
  if (msg.completeBegin) held = { chunks: [], lastSequence: sequence - 1 };
  else if (!partial) return { dropped: `chunk ${sequence} continues a complete set whose beginning never came` };
  else if (sequence !== partial.lastSequence + 1)
    return { dropped: `chunk ${sequence} does not follow chunk ${partial.lastSequence}: the complete set is dropped` };
  else held = partial;
  held = { chunks: [...held.chunks, tasks], lastSequence: sequence };
  if (!msg.completeEnd) return { partial: held };
  return { apply: { type: 'complete', tasks: held.chunks.flat(), removedTaskIds: [] } };
}
