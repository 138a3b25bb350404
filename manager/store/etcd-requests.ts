// Small builders for etcd KV requests and the one mapping from etcd3 client errors to Shoal's errors.
import { isRecoverableError, type ICompare, type IRequestOp } from 'etcd3';
import { UnavailableError } from '../../proto/errors';
import { CompactedError } from './compacted-error';

/** Compare: the key's mod revision equals `revision` (0 = the key does not exist). */
export function modRevisionIs(key: string, revision: number): ICompare {
  return { key: Buffer.from(key), target: 'Mod', result: 'Equal', mod_revision: revision };
}

export function putRequest(key: string, json: string): IRequestOp {
  return { request_put: { key: Buffer.from(key), value: Buffer.from(json) } };
}

export function deleteRequest(key: string, rangeEnd?: Buffer): IRequestOp {
  return { request_delete_range: { key: Buffer.from(key), range_end: rangeEnd } };
}

export function rangeRequest(key: string): IRequestOp {
  return { request_range: { key: Buffer.from(key) } };
}

export function isCompacted(err: unknown): boolean {
  return err instanceof Error && err.message.includes('required revision has been compacted');
}

/**
 * Connection failures and timeouts become UnavailableError (transient). A commit that fails this way may or may not
 * have been applied: its outcome shows in the next load() or watch event. History compaction becomes CompactedError.
 */
export function toStoreError(err: unknown, afterRevision?: number): unknown {
  if (afterRevision !== undefined && isCompacted(err)) return new CompactedError(afterRevision);
  if (err instanceof Error && isRecoverableError(err)) return new UnavailableError(`etcd unavailable: ${err.message}`);
  return err;
}
