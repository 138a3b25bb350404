// How network-map changes are cut into messages, pure: like assignments (assignment-chunks.ts), no
// message holds more than a size budget and a count of changes, so no map, however many networks,
// endpoints and addresses it has, can push a message over gRPC's 4 MiB.
import { chunk } from '../../lib/chunk';
import type { NetworkMapChange } from '../../domain/network-map-model';

export interface MapChunkLimits {
  maxBytes: number;
  maxChanges: number;
}

/**
 * 1 MiB of encoded changes a message, a quarter of the 4 MiB an agent accepts, and 1,000 changes: a
 * 10,000-service network is about ten messages. One change is at most about 256 KiB (its addresses
 * come in pieces of MAP_LIST_PIECE, the rest of it is bounded by the spec-size limit; see
 * domain/network-map-model.ts), so even a message holding a change over the budget alone fits.
 */
export const MAP_CHUNK_LIMITS: MapChunkLimits = { maxBytes: 1024 * 1024, maxChanges: 1000 };

/** A network-map message before it is numbered: the stream gives each its sequence as it sends it. */
export interface NetworkMapChunk {
  type: 'complete' | 'incremental';
  batchBegin: boolean;
  batchEnd: boolean;
  changes: NetworkMapChange[];
}

/**
 * The messages of one batch, in order, each within `limits`, the first marked begin and the last end.
 * A complete batch is always at least one message (an empty map is a map); an incremental batch with
 * no change is no message. `sizeOf` is a change's encoded size in a message.
 */
export function planNetworkMapChunks(
  type: 'complete' | 'incremental',
  changes: readonly NetworkMapChange[],
  sizeOf: (c: NetworkMapChange) => number,
  limits: MapChunkLimits = MAP_CHUNK_LIMITS,
): NetworkMapChunk[] {
  const runs = chunk(changes, limits.maxChanges, limits.maxBytes, sizeOf);
  if (type === 'complete' && runs.length === 0) runs.push([]);
  return runs.map((run, i) => ({ type, batchBegin: i === 0, batchEnd: i === runs.length - 1, changes: run }));
}
