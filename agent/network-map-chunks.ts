// What an agent makes of each network-map message, pure, then the map it holds. A batch may span
// several messages: they are held until the one marked end and only then applied together, so the
// map the agent acts on is always one the manager computed whole, never half a batch (a complete map
// missing chunks would drop networks still in use). A complete batch replaces the map; an incremental
// one changes it. A stream cut mid-batch leaves the map as it was; the next stream begins with a
// complete batch, which replaces what was held.
import {
  applyMapChange,
  emptyMapModel,
  toNetworkViews,
  toPublished,
  type MapModel,
  type NetworkMapChange,
} from '../domain/network-map-model';
import type { NetworkMap__Output } from '../proto/generated/shoal/v1/NetworkMap';
import type { NetworkView__Output as NetworkView } from '../proto/generated/shoal/v1/NetworkView';
import type { PublishedService__Output as PublishedService } from '../proto/generated/shoal/v1/PublishedService';

/** The messages of a batch received so far, and the sequence of the last. */
export interface HeldBatch {
  type: string;
  changes: NetworkMapChange[][];
  lastSequence: number;
}

export interface ReceivedBatch {
  /** The batch still being received, if any. */
  held?: HeldBatch;
  /** A whole batch to apply. */
  apply?: { type: 'complete' | 'incremental'; changes: NetworkMapChange[] };
  /** Why messages were dropped: a batch continued with no beginning, or out of sequence. */
  dropped?: string;
}

export function planReceivedNetworkMap(held: HeldBatch | undefined, msg: NetworkMap__Output): ReceivedBatch {
  const sequence = Number(msg.sequence);
  let batch: HeldBatch;
  if (msg.batchBegin) batch = { type: msg.type, changes: [], lastSequence: sequence - 1 };
  else if (!held) return { dropped: `message ${sequence} continues a batch whose beginning never came` };
  else if (sequence !== held.lastSequence + 1 || msg.type !== held.type)
    return { dropped: `message ${sequence} does not follow message ${held.lastSequence}: the batch is dropped` };
  else batch = held;
  batch = { ...batch, changes: [...batch.changes, msg.changes], lastSequence: sequence };
  if (!msg.batchEnd) return { held: batch };
  const type = batch.type === 'complete' ? 'complete' : 'incremental';
  return { apply: { type, changes: batch.changes.flat() } };
}

/** The node's whole network map, as the network agent applies it. */
export interface WholeNetworkMap {
  /** The sequence of the message that completed it. */
  sequence: number;
  networks: NetworkView[];
  published: PublishedService[];
}

/** Holds a node's network map from a stream's batches: the real agent's and the simulated agent's. */
export class NetworkMapReceiver {
  private model?: MapModel;
  private held?: HeldBatch;

  /**
   * Takes one message: the whole map once a batch is complete, and what could not be applied (an
   * incremental batch before any map, a change to something the map does not hold), which is skipped.
   */
  receive(msg: NetworkMap__Output): { map?: WholeNetworkMap; problems: string[] } {
    const plan = planReceivedNetworkMap(this.held, msg);
    this.held = plan.held;
    if (plan.dropped) return { problems: [plan.dropped] };
    if (!plan.apply) return { problems: [] };
    if (plan.apply.type === 'complete') this.model = emptyMapModel();
    const model = this.model;
    if (!model) return { problems: [`incremental batch ending at ${msg.sequence} came before any complete map`] };
    const problems = plan.apply.changes.flatMap((c) => applyMapChange(model, c) ?? []);
    const map = { sequence: Number(msg.sequence), networks: toNetworkViews(model), published: toPublished(model) };
    return { map, problems };
  }
}
