import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../../proto/errors';
import { DEFAULT_PREFIX, KeyLayout, prefixRangeEnd } from '../../../../manager/store/keys';

const layout = new KeyLayout();

describe('KeyLayout', () => {
  it.each([
    ['the default prefix', new KeyLayout().object('services', 'abc'), '/shoal/v1/services/abc'],
    ['a custom prefix', new KeyLayout('/x').object('tasks', 't1'), '/x/tasks/t1'],
    ['a trailing slash on the prefix is dropped', new KeyLayout('/x//').object('nodes', 'n'), '/x/nodes/n'],
    ['the journal lock', layout.journalLock, '/shoal/v1/journal/lock'],
    ['a journal chunk, zero-padded to sort in order', layout.journalChunk(12), '/shoal/v1/journal/ops/000012'],
    ['the root every key starts with', layout.root, '/shoal/v1/'],
  ])('builds %s', (_what, key, expected) => {
    expect(key).toBe(expected);
  });

  it('keeps the documented default prefix', () => {
    expect(DEFAULT_PREFIX).toBe('/shoal/v1');
  });

  it.each([
    ['an object', '/shoal/v1/services/abc', { type: 'object', kind: 'services', id: 'abc' }],
    ['an object whose id holds a slash', '/shoal/v1/tasks/a/b', { type: 'object', kind: 'tasks', id: 'a/b' }],
    ['the journal lock', '/shoal/v1/journal/lock', { type: 'journal-lock' }],
    ['a journal chunk', '/shoal/v1/journal/ops/000003', { type: 'journal-chunk', index: 3 }],
    ['an unknown kind', '/shoal/v1/volumes/v1', undefined],
    ['a journal key that is not a chunk', '/shoal/v1/journal/ops/x', undefined],
    ['another journal key', '/shoal/v1/journal/other', undefined],
    ['a kind without an id', '/shoal/v1/services/', undefined],
    ['a key outside the prefix', '/other/services/abc', undefined],
    ['a key sharing the prefix text but not its slash', '/shoal/v10/services/abc', undefined],
  ])('parses %s', (_what, key, expected) => {
    expect(layout.parse(key)).toEqual(expected);
  });

  it('round-trips every kind through object() and parse()', () => {
    for (const kind of ['stacks', 'services', 'networks', 'tasks', 'nodes'] as const) {
      expect(layout.parse(layout.object(kind, 'id-1'))).toEqual({ type: 'object', kind, id: 'id-1' });
    }
  });

  it.each([
    ['an empty prefix', () => new KeyLayout('/')],
    ['an empty id', () => layout.object('services', '')],
    ['a negative chunk index', () => layout.journalChunk(-1)],
    ['a chunk index beyond six digits', () => layout.journalChunk(1_000_000)],
  ])('rejects %s', (_what, build) => {
    expect(build).toThrow(InvalidArgumentError);
  });
});

describe('prefixRangeEnd', () => {
  it.each([
    ['increments the last byte', '/shoal/v1/', '/shoal/v10'],
    ['works on a one-byte prefix', 'a', 'b'],
  ])('%s', (_what, prefix, expected) => {
    expect(prefixRangeEnd(prefix).toString()).toBe(expected);
  });

  it('increments the last UTF-8 byte of a non-ASCII prefix', () => {
    const end = prefixRangeEnd('/é');
    expect(end).toEqual(Buffer.from([0x2f, 0xc3, 0xaa]));
    expect(Buffer.compare(Buffer.from('/é/anything'), end)).toBe(-1);
  });

  it('rejects an empty prefix', () => {
    expect(() => prefixRangeEnd('')).toThrow(InvalidArgumentError);
  });
});
