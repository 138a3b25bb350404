// Shoal's etcd key layout, all under one prefix (default /shoal/v1):
//   <prefix>/<kind>/<id>            one object, JSON
//   <prefix>/journal/lock           the split-commit lock and commit point (see etcd-store.ts)
//   <prefix>/journal/ops/<000000>   one chunk of a split commit's op list
// "journal" is not a kind, so the journal never parses as an object.
import { InvalidArgumentError } from '../../proto/errors';
import { KINDS, type Kind } from './store';

export const DEFAULT_PREFIX = '/shoal/v1';

/** Digits of a journal chunk index: zero-padded so keys sort in index order. */
const CHUNK_INDEX_DIGITS = 6;

export type ParsedKey =
  { type: 'object'; kind: Kind; id: string } | { type: 'journal-lock' } | { type: 'journal-chunk'; index: number };

export class KeyLayout {
  readonly prefix: string;

  constructor(prefix: string = DEFAULT_PREFIX) {
    const trimmed = prefix.replace(/\/+$/, '');
    if (!trimmed) throw new InvalidArgumentError('the store key prefix must not be empty');
    this.prefix = trimmed;
  }

  /** Every key Shoal owns starts with this. */
  get root(): string {
    return `${this.prefix}/`;
  }

  get journalRoot(): string {
    return `${this.prefix}/journal/`;
  }

  get journalLock(): string {
    return `${this.prefix}/journal/lock`;
  }

  get journalChunkRoot(): string {
    return `${this.prefix}/journal/ops/`;
  }

  object(kind: Kind, id: string): string {
    if (!id) throw new InvalidArgumentError(`a ${kind} id must not be empty`);
    return `${this.prefix}/${kind}/${id}`;
  }

  journalChunk(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index >= 10 ** CHUNK_INDEX_DIGITS) {
      throw new InvalidArgumentError(`journal chunk index ${index} out of range`);
    }
    return `${this.journalChunkRoot}${String(index).padStart(CHUNK_INDEX_DIGITS, '0')}`;
  }

  /** What a key under the prefix is; undefined for keys Shoal does not know (left alone by load and watch). */
  parse(key: string): ParsedKey | undefined {
    if (!key.startsWith(this.root)) return undefined;
    if (key === this.journalLock) return { type: 'journal-lock' };
    if (key.startsWith(this.journalChunkRoot)) {
      const digits = key.slice(this.journalChunkRoot.length);
      return /^\d+$/.test(digits) ? { type: 'journal-chunk', index: Number(digits) } : undefined;
    }
    const rest = key.slice(this.root.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) return undefined;
    const kind = rest.slice(0, slash);
    const id = rest.slice(slash + 1);
    if (!id || !isKind(kind)) return undefined;
    return { type: 'object', kind, id };
  }
}

function isKind(s: string): s is Kind {
  return (KINDS as readonly string[]).includes(s);
}

/**
 * The end of etcd's range for every key starting with `prefix`: the prefix with its last byte incremented.
 * UTF-8 never produces a 0xff byte, so the last byte always has room.
 */
export function prefixRangeEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix);
  if (end.length === 0) throw new InvalidArgumentError('a key range prefix must not be empty');
  end[end.length - 1] += 1;
  return end;
}
