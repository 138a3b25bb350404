// The network-map stream of each session: the node's networks (network-map.ts) and the cluster's
// published ports (published-ports.ts), sent when the stream opens and then only when they differ,
// recomputed at most once per 20 ms burst of changes.
import type { ChangeSet, ClusterState } from '../state/cluster-state';
import type { Kind } from '../store/store';
import { planNetworkMaps } from './network-map';
import { planPublishedServices } from './published-ports';
import type { NetworkMapCall, Session, SessionTable } from './sessions';

/**
 * Changes are gathered for 20 ms before network maps are recomputed: a burst of task reports costs
 * one pass, and a node still hears of a change well within a second.
 */
const NETWORK_MAP_PUSH_MS = 20;

/** The kinds whose changes can change a network map. */
const MAP_KINDS: readonly Kind[] = ['networks', 'services', 'tasks', 'nodes'];

export class NetworkMapStream {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly state: ClusterState,
    private readonly sessions: SessionTable,
  ) {}

  /** An agent opened its stream: it is sent its map at once. */
  open(call: NetworkMapCall): void {
    const session = this.sessions.attach(call, (s) => s.networkMap);
    if (!session) return;
    session.networkMap.sent = '';
    this.send([session]);
  }

  /** Any change to networks, services, tasks (a task now running changes DNS) or nodes may change a map. */
  onChange(change: ChangeSet): void {
    if (this.timer || !MAP_KINDS.some((k) => change.kinds.has(k))) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.send(this.sessions.all());
    }, NETWORK_MAP_PUSH_MS);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private send(sessions: Session[]): void {
    const open = sessions.filter((s) => s.networkMap.stream);
    if (open.length === 0) return;
    const input = {
      networks: this.state.list('networks'),
      services: this.state.list('services'),
      tasks: this.state.list('tasks'),
      nodes: this.state.list('nodes'),
    };
    const maps = planNetworkMaps(
      open.map((s) => s.nodeId),
      input,
    );
    const published = planPublishedServices(input);
    const publishedText = JSON.stringify(published);
    for (const session of open) {
      const out = session.networkMap;
      const networks = maps.get(session.nodeId) ?? [];
      const text = JSON.stringify(networks) + publishedText;
      if (text === out.sent) continue;
      out.sent = text;
      out.sequence++;
      out.stream!.write({ sequence: out.sequence, networks, published });
    }
  }
}
