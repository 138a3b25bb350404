// A task index that keeps the tasks matching a predicate, e.g. the tasks waiting for addresses or
// for a node: a loop then visits those, not every task, on each tick.
import type { Task } from '../../proto/types';
import type { TaskIndex } from './cluster-state';

export class TaskSet implements TaskIndex {
  private readonly byId = new Map<string, Task>();

  constructor(private readonly matches: (t: Task) => boolean) {}

  /** The matching tasks, in the order they came to match. */
  list(): Task[] {
    return [...this.byId.values()];
  }

  add(t: Task): void {
    if (this.matches(t)) this.byId.set(t.id, t);
  }

  remove(t: Task): void {
    this.byId.delete(t.id);
  }

  clear(): void {
    this.byId.clear();
  }
}
