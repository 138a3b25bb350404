// The network-map stream of each session: when the stream opens, the node's whole map (its networks
// and the cluster's published ports) as one complete batch; then, at most once per 20 ms burst of
// changes, only what changed, as an incremental batch. The planner (network-map-planner.ts) rebuilds
// only the objects the changes touched; each batch is cut into messages within a size budget
// (network-map-chunks.ts).
import type { NetworkMapChange } from '../../domain/network-map-model';
import { encodedReplySize } from '../../proto/loader';
import type { Task } from '../../proto/types';
import type { ChangeSet, ClusterState, TaskIndex } from '../state/cluster-state';
import { planNetworkMapChunks } from './network-map-chunks';
import { NetworkMapPlanner, noneDirty, type MapDirty, type MapSources } from './network-map-planner';
import type { NetworkMapCall, Session, SessionTable } from './sessions';

/**
 * Changes are gathered for 20 ms before network maps are updated: a burst of task reports costs
 * one pass, and a node still hears of a change well within a second.
 */
const NETWORK_MAP_PUSH_MS = 20;

/** A change's bytes in a network-map message, as gRPC encodes it. */
function changeSize(change: NetworkMapChange): number {
  return encodedReplySize('Dispatcher', 'WatchNetworkMap', { changes: [change] });
}

export class NetworkMapStream {
  private timer?: NodeJS.Timeout;
  private readonly planner = new NetworkMapPlanner();
  private dirty: MapDirty = { ...noneDirty(), all: true };
  private readonly sources: MapSources;
  /** Every task change (a progress report too: a task now running changes DNS) marks its node and service. */
  private readonly tasks: TaskIndex = {
    add: (t) => this.markTask(t),
    remove: (t) => this.markTask(t),
    clear: () => {
      this.dirty.all = true;
      this.schedule();
    },
  };

  constructor(
    private readonly state: ClusterState,
    private readonly sessions: SessionTable,
  ) {
    this.sources = {
      networks: () => state.list('networks'),
      services: () => state.list('services'),
      network: (id) => state.get('networks', id),
      service: (id) => state.get('services', id),
      node: (id) => state.get('nodes', id),
      tasksOfService: (id) => state.tasksOf(id),
      tasksOnNode: (id) => state.tasksOnNode(id),
    };
  }

  start(): void {
    this.state.addTaskIndex(this.tasks);
  }

  stop(): void {
    this.state.removeTaskIndex(this.tasks);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** An agent opened its stream: it is sent its whole map at once. */
  open(call: NetworkMapCall): void {
    this.flush(true); // the map sent whole is then current, and changes before it go to the streams open before
    const session = this.sessions.attach(call, (s) => s.networkMap);
    if (!session) return;
    const { changes, networks } = this.planner.completeSet(session.nodeId);
    session.networkMap.networks = networks;
    this.write(session, 'complete', changes);
  }

  /** Networks, services (spec, VIPs) and nodes (status, address) change maps; tasks are marked as they change. */
  onChange(change: ChangeSet): void {
    if (change.kinds.has('networks')) this.dirty.networks = true;
    for (const id of change.serviceIds) this.dirty.services.add(id);
    for (const id of change.nodeIds) this.dirty.nodeObjects.add(id);
    this.schedule();
  }

  private markTask(t: Task): void {
    this.dirty.services.add(t.serviceId);
    if (t.nodeId) this.dirty.nodes.add(t.nodeId);
    this.schedule();
  }

  private schedule(): void {
    if (!this.timer) this.timer = setTimeout(() => this.flush(), NETWORK_MAP_PUSH_MS);
  }

  /**
   * Plans the changes since the last flush and sends them. While no agent follows a map (simulated
   * agents mostly do not), the marks only gather, so the manager does no map work for nobody; the
   * next stream that opens plans them all at once (`force`).
   */
  private flush(force = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!force && !this.sessions.all().some((s) => s.networkMap.stream)) return;
    const dirty = this.dirty;
    this.dirty = noneDirty();
    const delta = this.planner.update(dirty, this.sources);
    for (const session of this.sessions.all()) {
      const out = session.networkMap;
      if (!out.stream) continue;
      const { changes, networks } = this.planner.changesFor(session.nodeId, out.networks, delta);
      out.networks = networks;
      this.write(session, 'incremental', changes);
    }
  }

  /** A batch's messages are written back to back, in this one call: nothing comes between them. */
  private write(session: Session, type: 'complete' | 'incremental', changes: readonly NetworkMapChange[]): void {
    const out = session.networkMap;
    for (const c of planNetworkMapChunks(type, changes, changeSize)) {
      out.sequence++;
      out.stream?.write({ ...c, sequence: out.sequence });
    }
  }
}
