// The replies the DNS server built, by query, so a repeated question skips decoding and encoding. Pure.
//
// A reply of ours is a function of the query's bytes and the network's record table, and the only
// bytes of the query that reach the reply unchanged without deciding it are the 2-byte ID. So the
// cache is keyed by the query without its ID, serves a copy with the asker's ID, and is emptied
// whenever the table changes. Only replies built here are kept: forwarded answers come from upstream
// and carry upstream TTLs.

/** Distinct questions kept per network; a full cache starts over rather than tracking use. */
export const REPLY_CACHE_MAX_ENTRIES = 1024;

/** A DNS message's ID: its first two bytes. */
const ID_BYTES = 2;

export class ReplyCache {
  private readonly replies = new Map<string, Buffer>();

  constructor(private readonly maxEntries = REPLY_CACHE_MAX_ENTRIES) {}

  /** The reply for `query`, with the query's ID, if one is kept for the same question. */
  get(query: Buffer): Buffer | undefined {
    if (query.length <= ID_BYTES) return undefined;
    const kept = this.replies.get(keyOf(query));
    if (!kept) return undefined;
    const reply = Buffer.from(kept);
    query.copy(reply, 0, 0, ID_BYTES);
    return reply;
  }

  set(query: Buffer, reply: Buffer): void {
    if (query.length <= ID_BYTES || reply.length <= ID_BYTES) return;
    if (this.replies.size >= this.maxEntries) this.replies.clear();
    this.replies.set(keyOf(query), Buffer.from(reply));
  }
}

/** The query without its ID, as a string a Map can key on (latin1 maps each byte to one char). */
function keyOf(query: Buffer): string {
  return query.toString('latin1', ID_BYTES);
}
