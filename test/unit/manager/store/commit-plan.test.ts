import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidArgumentError } from '../../../../proto/errors';
import {
  assertDistinctTargets,
  conflictError,
  decodeJournalChunk,
  decodeJournalLock,
  findGuardFailures,
  fitsOneTxn,
  REQUEST_BUDGET_BYTES,
  sizeOps,
  toJournalOps,
} from '../../../../manager/store/commit-plan';
import { KeyLayout } from '../../../../manager/store/keys';
import type { WriteOp } from '../../../../manager/store/store';

const layout = new KeyLayout('/p');
const put = (id: string, expectVersion?: number, value: unknown = { id }): WriteOp => ({
  op: 'put',
  kind: 'tasks',
  id,
  value,
  expectVersion,
});
const del = (id: string, expectVersion?: number): WriteOp => ({ op: 'delete', kind: 'tasks', id, expectVersion });

describe('assertDistinctTargets', () => {
  it('accepts the same id under two kinds', () => {
    expect(() => assertDistinctTargets([put('a'), { op: 'put', kind: 'services', id: 'a', value: 1 }])).not.toThrow();
  });
  it('names every object written twice', () => {
    expect(() => assertDistinctTargets([put('a'), del('a'), put('b'), put('b'), put('c')])).toThrow(
      new InvalidArgumentError('one commit writes the same object twice: tasks/a, tasks/b'),
    );
  });
});

describe('findGuardFailures', () => {
  const current: Record<string, number> = { a: 5, b: 7 };
  const versionOf = (op: WriteOp): number => current[op.id] ?? 0;
  it.each([
    ['unguarded ops never fail', [put('a'), del('b'), put('x')], []],
    ['a matching version holds', [put('a', 5)], []],
    ['create-only holds on an absent key', [put('x', 0)], []],
    ['create-only fails on an existing key', [put('a', 0)], [{ kind: 'tasks', id: 'a', expected: 0, actual: 5 }]],
    ['a stale version fails, with what was found', [del('b', 6)], [{ kind: 'tasks', id: 'b', expected: 6, actual: 7 }]],
    ['an expected version of a missing key fails', [put('x', 3)], [{ kind: 'tasks', id: 'x', expected: 3, actual: 0 }]],
  ])('%s', (_what, ops, expected) => {
    expect(findGuardFailures(ops, versionOf)).toEqual(expected);
  });
});

it('conflictError names each key with expected and found versions', () => {
  const err = conflictError([
    { kind: 'tasks', id: 'a', expected: 0, actual: 5 },
    { kind: 'services', id: 'web', expected: 3, actual: 0 },
  ]);
  expect(err).toBeInstanceOf(ConflictError);
  expect(err.message).toBe(
    'write conflict on tasks/a (expected version 0, found 5), services/web (expected version 3, found none)',
  );
});

describe('sizeOps', () => {
  it('keys and encodes each op', () => {
    const [p, d] = sizeOps(layout, [put('a', undefined, { x: 1 }), del('b')]);
    expect(p).toMatchObject({ key: '/p/tasks/a', json: '{"x":1}' });
    expect(d.key).toBe('/p/tasks/b');
    expect(d.json).toBeUndefined();
    expect(p.bytes).toBeGreaterThan(d.bytes);
  });
  it('rejects a value that cannot fit one etcd request', () => {
    expect(() => sizeOps(layout, [put('a', undefined, 'x'.repeat(REQUEST_BUDGET_BYTES))])).toThrow(
      /tasks\/a is \d+ bytes/,
    );
  });
  it('rejects a value JSON cannot encode', () => {
    expect(() => sizeOps(layout, [{ op: 'put', kind: 'tasks', id: 'a', value: () => 1 }])).toThrow(
      /tasks\/a: the value is not JSON/,
    );
  });
});

describe('fitsOneTxn', () => {
  const many = (n: number, guarded: number): WriteOp[] =>
    Array.from({ length: n }, (_, i) => put(`t${i}`, i < guarded ? 0 : undefined));
  it.each([
    ['8 unguarded ops with a cap of 8', many(8, 0), true],
    ['9 ops with a cap of 8', many(9, 0), false],
    ['7 guards plus the lock compare', many(8, 7), true],
    ['8 guards plus the lock compare', many(8, 8), false],
  ])('%s', (_what, ops, fits) => {
    expect(fitsOneTxn(sizeOps(layout, ops), 8)).toBe(fits);
  });
  it('is false when the bytes exceed one request', () => {
    const big = Array.from({ length: 4 }, (_, i) => put(`t${i}`, undefined, 'x'.repeat(400_000)));
    expect(fitsOneTxn(sizeOps(layout, big), 128)).toBe(false);
  });
});

describe('journal records', () => {
  it('round-trips ops through a chunk', () => {
    const ops = toJournalOps(sizeOps(layout, [put('a', 4, { deep: [1, 'two'] }), del('b', 2)]));
    expect(ops).toEqual([
      { op: 'put', key: '/p/tasks/a', value: { deep: [1, 'two'] } },
      { op: 'delete', key: '/p/tasks/b' },
    ]);
    expect(decodeJournalChunk(JSON.stringify(ops))).toEqual(ops);
  });

  it.each([
    ['a pending lock', '{"state":"pending"}', { state: 'pending' }],
    ['a committed lock', '{"state":"committed","chunks":3}', { state: 'committed', chunks: 3 }],
  ])('reads %s', (_what, text, expected) => {
    expect(decodeJournalLock(text)).toEqual(expected);
  });

  it.each([
    ['a lock with an unknown state', () => decodeJournalLock('{"state":"maybe"}')],
    ['a committed lock without a chunk count', () => decodeJournalLock('{"state":"committed"}')],
    ['a chunk that is not an array', () => decodeJournalChunk('{}')],
    ['a chunk entry without a key', () => decodeJournalChunk('[{"op":"delete"}]')],
    ['a put entry without a value', () => decodeJournalChunk('[{"op":"put","key":"k"}]')],
  ])('refuses %s', (_what, read) => {
    expect(read).toThrow(/unreadable journal/);
  });
});
