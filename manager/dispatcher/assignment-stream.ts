// The assignment stream of each session: the complete set of a node's tasks when the stream opens,
// then what changed (assignments.ts decides), gathered for 20 ms and sent per node in as few messages
// as fit the size budget (assignment-chunks.ts cuts them).
// Tasks taken away before they reached their node are ended here (unreached-tasks.ts decides which).
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import { encodedReplySize } from '../../proto/loader';
import type { Task } from '../../proto/types';
import type { ChangeSet, ClusterState } from '../state/cluster-state';
import { planAssignmentChunks } from './assignment-chunks';
import { planAssignmentDiff } from './assignments';
import type { AssignmentsCall, Session, SessionTable } from './sessions';
import type { StatusWriter } from './status-writer';
import { planUnreached } from './unreached-tasks';

/** Task changes are gathered for 20 ms before assignments go out: one push per node per burst. */
const ASSIGNMENT_PUSH_MS = 20;

/** A task's bytes in an assignments message, as gRPC encodes it. */
function taskSize(task: Task): number {
  return encodedReplySize('Dispatcher', 'Assignments', { tasks: [task] });
}

export class AssignmentStream {
  private timer?: NodeJS.Timeout;
  /** Tasks with a lifecycle change since the last push, by the node they were or are on. */
  private dirtyTasks = new Map<string, Set<string>>();

  constructor(
    private readonly state: ClusterState,
    private readonly sessions: SessionTable,
    private readonly statusWriter: StatusWriter,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** An agent opened its stream: it is sent every task its node must run. */
  open(call: AssignmentsCall): void {
    const session = this.sessions.attach(call, (s) => s.assignments);
    if (!session) return;
    this.send(session, 'complete', new Map(this.state.tasksOnNode(session.nodeId).map((t) => [t.id, t])));
  }

  /** Task changes are gathered and sent together per node, not once per store event. */
  onChange(change: ChangeSet): void {
    for (const [nodeId, taskIds] of change.taskNodeIds) {
      const dirty = this.dirtyTasks.get(nodeId);
      if (dirty) for (const id of taskIds) dirty.add(id);
      else this.dirtyTasks.set(nodeId, new Set(taskIds));
    }
    if (this.dirtyTasks.size && !this.timer) this.timer = setTimeout(() => this.flush(), ASSIGNMENT_PUSH_MS);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private flush(): void {
    this.timer = undefined;
    const dirty = this.dirtyTasks;
    this.dirtyTasks = new Map();
    for (const [nodeId, taskIds] of dirty) {
      const session = this.sessions.ofNode(nodeId);
      if (!session?.assignments.stream) continue;
      this.send(session, 'incremental', new Map([...taskIds].map((id) => [id, this.state.get('tasks', id)])));
    }
  }

  /**
   * The complete set goes out when a stream opens (`changed` holds every task on the node); after
   * that, what changed in the tasks `changed` names (each with the task now, or undefined when gone).
   */
  private send(
    session: Session,
    type: 'complete' | 'incremental',
    changed: ReadonlyMap<string, Task | undefined>,
  ): void {
    const out = session.assignments;
    this.endUnreached(session, type, changed);
    const sent = type === 'complete' ? new Set<string>() : out.sent;
    const diff = planAssignmentDiff(session.nodeId, sent, changed);
    for (const t of diff.added) {
      sent.add(t.id);
      out.everSent.add(t.id);
    }
    for (const id of diff.removedIds) sent.delete(id);
    out.sent = sent;
    // A complete set's chunks are written back to back, in this one call: nothing comes between them.
    for (const c of planAssignmentChunks(type, diff, taskSize)) {
      out.sequence++;
      out.stream?.write({ ...c, sequence: out.sequence });
    }
  }

  private endUnreached(
    session: Session,
    type: 'complete' | 'incremental',
    changed: ReadonlyMap<string, Task | undefined>,
  ): void {
    const { everSent } = session.assignments;
    const plan = planUnreached(
      { nodeId: session.nodeId, registeredAt: session.registeredAt, everSent },
      type,
      changed,
      this.clock.now(),
    );
    for (const id of plan.leftNode) everSent.delete(id);
    if (plan.reports.length === 0) return;
    this.statusWriter
      .submit(session.nodeId, plan.reports)
      .catch((err: unknown) =>
        this.logger.warn({ err, 'node.id': session.nodeId }, 'could not end tasks that never reached their node'),
      );
  }
}
