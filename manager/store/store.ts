// The Store port: what the manager needs from its state store. EtcdStore is the implementation;
// test/fakes/memory-store.ts is the in-memory fake for unit tests.

/** The object kinds Shoal keeps, one key per object: `<prefix>/<kind>/<id>`. */
export type Kind = 'stacks' | 'services' | 'networks' | 'tasks' | 'nodes';
export const KINDS: readonly Kind[] = ['stacks', 'services', 'networks', 'tasks', 'nodes'];

/**
 * The value of a key that is not JSON. The store hands it on rather than failing the whole load or watch; the
 * cluster state sets the object aside (manager/state/check-stored.ts). `reason` never quotes the value.
 */
export class UnreadableValue {
  constructor(readonly reason: string) {}
}

/** A stored value from its text: what JSON.parse makes of it, or an UnreadableValue saying only its size. */
export function decodeStored(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return new UnreadableValue(`value is not JSON (${Buffer.byteLength(text)} bytes)`);
  }
}

export interface Versioned<T = unknown> {
  value: T;
  /** The etcd mod revision of the object's key: its compare-and-swap token. */
  version: number;
}

/**
 * One write. `expectVersion` guards it: a number is the version the key must have now (0 = the key
 * must not exist); undefined writes unconditionally.
 */
export type WriteOp =
  | { op: 'put'; kind: Kind; id: string; value: unknown; expectVersion?: number }
  | { op: 'delete'; kind: Kind; id: string; expectVersion?: number };

export interface StoreEvent {
  kind: Kind;
  id: string;
  type: 'put' | 'delete';
  /** The new value (put only). */
  value?: unknown;
  /** The new version (put), or the revision of the delete. */
  version: number;
}

export interface Snapshot {
  revision: number;
  objects: Map<Kind, Map<string, Versioned>>;
}

export interface Store {
  /** Every object, at one revision. */
  load(): Promise<Snapshot>;
  /**
   * Events after `afterRevision`, in order, batched per etcd revision; returns a function that stops the
   * watch. When the watch cannot go on (its history was compacted), it stops and calls `onError` once:
   * the caller loads a new snapshot and watches again.
   */
  watch(
    afterRevision: number,
    onEvents: (events: StoreEvent[], revision: number) => void,
    onError?: (err: Error) => void,
  ): Promise<() => Promise<void>>;
  /**
   * Applies every op or none (ConflictError when a guard fails); returns the revision of the write.
   * Batches larger than one etcd transaction allows are split transparently and still all-or-nothing.
   */
  commit(ops: readonly WriteOp[]): Promise<number>;
  close(): Promise<void>;
}
