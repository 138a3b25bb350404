// The manager's cluster events: derived from every object change the cluster state sees, kept for a
// while for `shoal events --since`, and handed to every live watcher. Events live in memory only: a
// manager restart starts a new history, as a docker daemon restart does.
import type { Clock } from '../../lib/clock';
import type { ClusterEvent } from '../../domain/event-filter';
import { KINDS } from '../store/store';
import type { ClusterState, InvalidObject, ObjectChange } from '../state/cluster-state';
import { deriveEvents, invalidObjectEvent } from './derive-events';

/** Events kept for replay: a deploy of a few hundred tasks (about three events a task) fits. */
const EVENT_HISTORY_SIZE = 1000;

export class EventLog {
  private recent: ClusterEvent[] = [];
  private readonly watchers = new Set<(e: ClusterEvent) => void>();
  private readonly onObjects = (changes: ObjectChange[]) => {
    const now = this.clock.now();
    const hostnameOf = (nodeId: string) => this.state.get('nodes', nodeId)?.description.hostname ?? nodeId;
    for (const change of changes) for (const e of deriveEvents(change, now, hostnameOf)) this.publish(e);
  };
  private readonly onInvalid = (bad: InvalidObject) => this.publish(invalidObjectEvent(bad, this.clock.now()));

  constructor(
    private readonly state: ClusterState,
    private readonly clock: Clock,
  ) {}

  /** The history starts with the invalid objects the state already set aside (found when it loaded). */
  start(): void {
    for (const kind of KINDS) for (const bad of this.state.invalid(kind)) this.onInvalid(bad);
    this.state.on('objects', this.onObjects);
    this.state.on('invalid', this.onInvalid);
  }

  stop(): void {
    this.state.off('objects', this.onObjects);
    this.state.off('invalid', this.onInvalid);
    this.watchers.clear();
  }

  /** The kept events at or after `time`, oldest first. */
  since(time: number): ClusterEvent[] {
    return this.recent.filter((e) => e.time >= time);
  }

  /** Calls `fn` with every new event until the returned function is called. */
  subscribe(fn: (e: ClusterEvent) => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  private publish(e: ClusterEvent): void {
    this.recent.push(e);
    // Trimmed in halves, so a busy cluster does not copy the history on every event.
    if (this.recent.length >= 2 * EVENT_HISTORY_SIZE) this.recent = this.recent.slice(-EVENT_HISTORY_SIZE);
    for (const w of this.watchers) w(e);
  }
}
