// What the tasks on each node take from it, kept current from task changes (a ClusterState task
// index), so a placement pass costs the nodes and the waiting tasks, not every task placed.
import { isLive } from '../../domain/task-state';
import type { Task } from '../../proto/types';
import type { TaskIndex } from '../state/cluster-state';

/** The live tasks on one node and what they reserve. */
export interface NodeLoad {
  nanoCpus: number;
  memoryBytes: number;
  tasks: number;
  /** Live tasks per service id. */
  perService: Map<string, number>;
}

/** The load on each node, by node id; a node without live tasks has none. */
export interface NodeLoads {
  of(nodeId: string): Readonly<NodeLoad> | undefined;
}

export class NodeLoadIndex implements TaskIndex, NodeLoads {
  private readonly byNode = new Map<string, NodeLoad>();

  /** The load of these tasks, for a plan made outside a loop. */
  static of(tasks: readonly Task[]): NodeLoadIndex {
    const index = new NodeLoadIndex();
    for (const t of tasks) index.add(t);
    return index;
  }

  of(nodeId: string): Readonly<NodeLoad> | undefined {
    return this.byNode.get(nodeId);
  }

  add(t: Task): void {
    this.count(t, 1);
  }

  remove(t: Task): void {
    this.count(t, -1);
  }

  clear(): void {
    this.byNode.clear();
  }

  /** Live tasks count against the node they are on. Reservations are whole numbers, so sums stay exact. */
  private count(t: Task, sign: 1 | -1): void {
    if (t.nodeId === '' || !isLive(t)) return;
    let load = this.byNode.get(t.nodeId);
    if (!load) this.byNode.set(t.nodeId, (load = { nanoCpus: 0, memoryBytes: 0, tasks: 0, perService: new Map() }));
    const need = t.spec.resources.reservations;
    load.nanoCpus += sign * need.nanoCpus;
    load.memoryBytes += sign * need.memoryBytes;
    load.tasks += sign;
    const n = (load.perService.get(t.serviceId) ?? 0) + sign;
    if (n > 0) load.perService.set(t.serviceId, n);
    else load.perService.delete(t.serviceId);
    if (load.tasks === 0) this.byNode.delete(t.nodeId);
  }
}
