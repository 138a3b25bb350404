// Registration: the node record an agent's Register writes (a node is known by its hostname: a
// returning one keeps its id, labels and availability, and is ready again) and the new session that
// replaces the node's old one.
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import { InvalidArgumentError } from '../../proto/errors';
import type { RegisterRequest__Output } from '../../proto/generated/shoal/v1/RegisterRequest';
import type { Node } from '../../proto/types';
import type { ClusterState } from '../state/cluster-state';
import type { Store } from '../store/store';
import type { Heartbeats } from './heartbeats';
import type { SessionTable } from './sessions';

export class Registration {
  constructor(
    private readonly state: ClusterState,
    private readonly store: Store,
    private readonly sessions: SessionTable,
    private readonly heartbeats: Heartbeats,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly newId: () => string,
  ) {}

  /** Resolves once the node is written and seen by the cluster state, with its id and the new session's. */
  async register(req: RegisterRequest__Output): Promise<{ nodeId: string; sessionId: string }> {
    const d = req.description;
    if (!d?.hostname) throw new InvalidArgumentError('a node needs a hostname');
    if (!d.platform || !d.resources) throw new InvalidArgumentError('a node must report its platform and resources');
    const now = this.clock.now();
    const existing = this.state.list('nodes').find((n) => n.description.hostname === d.hostname);
    const node: Node = {
      id: existing?.id ?? this.newId(),
      meta: { version: 0, createdAt: existing?.meta.createdAt ?? now, updatedAt: now },
      description: { ...d, platform: d.platform, resources: d.resources },
      labels: existing?.labels ?? {},
      availability: existing?.availability ?? 'active',
      status: 'ready',
      statusMessage: '',
      lastSeen: now,
    };
    const revision = await this.store.commit([
      { op: 'put', kind: 'nodes', id: node.id, value: node, expectVersion: existing?.meta.version ?? 0 },
    ]);
    await this.state.waitFor(revision);
    const session = this.sessions.open(this.newId(), node.id, now);
    this.heartbeats.registered(node.id);
    this.logger.info(
      { 'node.id': node.id, 'node.hostname': d.hostname, 'session.id': session.id, returning: !!existing },
      'node registered',
    );
    return { nodeId: node.id, sessionId: session.id };
  }
}
