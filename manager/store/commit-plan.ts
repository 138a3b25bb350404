// Pure rules of a commit, shared by EtcdStore and the in-memory fake: op validation, guard checks, the
// ConflictError they raise, and how a large batch is cut into etcd-sized requests. No I/O.
import { ConflictError, InvalidArgumentError } from '../../proto/errors';
import type { KeyLayout } from './keys';
import type { Kind, WriteOp } from './store';

/**
 * etcd rejects requests over --max-request-bytes (default 1.5 MiB); we fill each request to at most this, leaving
 * about 10% for the protobuf framing we do not count byte for byte.
 */
export const REQUEST_BUDGET_BYTES = 1_400_000;
/** What we charge one op for protobuf tags, the compare and the failure-branch range that name its key twice more. */
const OP_OVERHEAD_BYTES = 64;

export interface GuardFailure {
  kind: Kind;
  id: string;
  expected: number;
  /** The version the key has now (0 = it does not exist). */
  actual: number;
}

/** etcd refuses a txn that writes one key twice; so do we, in every store, with the keys named. */
export function assertDistinctTargets(ops: readonly WriteOp[]): void {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const op of ops) {
    const target = `${op.kind}/${op.id}`;
    if (seen.has(target)) dups.add(target);
    seen.add(target);
  }
  if (dups.size > 0) throw new InvalidArgumentError(`one commit writes the same object twice: ${[...dups].join(', ')}`);
}

/** The guards that do not hold, given each guarded op's object's current version (0 when absent). */
export function findGuardFailures(ops: readonly WriteOp[], versionOf: (op: WriteOp) => number): GuardFailure[] {
  const failures: GuardFailure[] = [];
  for (const op of ops) {
    if (op.expectVersion === undefined) continue;
    const actual = versionOf(op);
    if (actual !== op.expectVersion) failures.push({ kind: op.kind, id: op.id, expected: op.expectVersion, actual });
  }
  return failures;
}

export function conflictError(failures: readonly GuardFailure[]): ConflictError {
  const parts = failures.map(
    (f) => `${f.kind}/${f.id} (expected version ${f.expected}, found ${f.actual === 0 ? 'none' : f.actual})`,
  );
  return new ConflictError(`write conflict on ${parts.join(', ')}`);
}

/** One op with its etcd key, its JSON text (puts) and what it costs in a request. */
export interface SizedOp {
  op: WriteOp;
  key: string;
  json?: string;
  bytes: number;
}

export function sizeOps(layout: KeyLayout, ops: readonly WriteOp[]): SizedOp[] {
  return ops.map((op) => {
    const key = layout.object(op.kind, op.id);
    const json = op.op === 'put' ? encodeValue(op) : undefined;
    const bytes = 3 * Buffer.byteLength(key) + (json === undefined ? 0 : Buffer.byteLength(json)) + OP_OVERHEAD_BYTES;
    if (bytes > REQUEST_BUDGET_BYTES) {
      throw new InvalidArgumentError(
        `${op.kind}/${op.id} is ${bytes} bytes; one etcd request holds at most ${REQUEST_BUDGET_BYTES}`,
      );
    }
    return { op, key, json, bytes };
  });
}

function encodeValue(op: WriteOp & { op: 'put' }): string {
  const json = JSON.stringify(op.value);
  if (json === undefined) throw new InvalidArgumentError(`${op.kind}/${op.id}: the value is not JSON`);
  return json;
}

/**
 * Whether the batch fits one etcd txn: etcd caps each of the compare, success and failure lists at --max-txn-ops
 * (checked against etcd 3.4: 8 compares + 8 puts + 8 ranges pass with a cap of 8, 9 of any one list fails).
 * Compares and failure ranges are one per guard plus the journal-lock compare (or range).
 */
export function fitsOneTxn(sized: readonly SizedOp[], maxTxnOps: number): boolean {
  const guards = sized.filter((s) => s.op.expectVersion !== undefined).length;
  const bytes = sized.reduce((sum, s) => sum + s.bytes, 0);
  return sized.length <= maxTxnOps && guards + 1 <= maxTxnOps && bytes <= REQUEST_BUDGET_BYTES;
}

/** One op as the journal keeps it: already keyed, guards dropped (they were checked before the commit point). */
export type JournalOp = { op: 'put'; key: string; value: unknown } | { op: 'delete'; key: string };

/** The journal lock's value: `committed` is the commit point of a split commit. */
export type JournalLock = { state: 'pending' } | { state: 'committed'; chunks: number };

export function toJournalOps(sized: readonly SizedOp[]): JournalOp[] {
  return sized.map((s) =>
    s.op.op === 'put' ? { op: 'put', key: s.key, value: s.op.value } : { op: 'delete', key: s.key },
  );
}

/**
 * What one op adds to a journal chunk's JSON (the value is nested, not re-escaped, so this stays near SizedOp.bytes).
 */
export function journalOpBytes(op: JournalOp): number {
  return Buffer.byteLength(JSON.stringify(op)) + 1;
}

export function decodeJournalLock(text: string): JournalLock {
  const v = JSON.parse(text) as { state?: unknown; chunks?: unknown };
  if (v.state === 'pending') return { state: 'pending' };
  if (v.state === 'committed' && typeof v.chunks === 'number' && Number.isInteger(v.chunks) && v.chunks >= 0) {
    return { state: 'committed', chunks: v.chunks };
  }
  throw new Error(`unreadable journal lock: ${text.slice(0, 200)}`);
}

export function decodeJournalChunk(text: string): JournalOp[] {
  const v = JSON.parse(text) as unknown;
  if (!Array.isArray(v)) throw new Error('unreadable journal chunk: not an array');
  for (const op of v as Partial<JournalOp>[]) {
    const ok = typeof op?.key === 'string' && (op.op === 'delete' || (op.op === 'put' && 'value' in op));
    if (!ok) throw new Error(`unreadable journal chunk entry: ${JSON.stringify(op).slice(0, 200)}`);
  }
  return v as JournalOp[];
}
