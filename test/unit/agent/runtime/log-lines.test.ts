import { describe, expect, it } from 'vitest';
import { LineSplitter, LogLineReader, splitTimestamp } from '../../../../agent/runtime/log-lines';

describe('LineSplitter', () => {
  it.each([
    ['whole lines in one chunk', ['a\nb\n'], ['a', 'b'], []],
    ['a line across chunks', ['he', 'llo\nwor', 'ld\n'], ['hello', 'world'], []],
    ['an empty line', ['\n\nx\n'], ['', '', 'x'], []],
    ['a last line without newline, given at flush', ['a\nb'], ['a'], ['b']],
    [
      'a UTF-8 character split across chunks',
      [Buffer.from('é\n').subarray(0, 1), Buffer.from('é\n').subarray(1)],
      ['é'],
      [],
    ],
  ] as [string, (string | Buffer)[], string[], string[]][])('%s', (_what, chunks, lines, flushed) => {
    const s = new LineSplitter();
    expect(chunks.flatMap((c) => s.push(Buffer.from(c)))).toEqual(lines);
    expect(s.flush()).toEqual(flushed);
    expect(s.flush()).toEqual([]);
  });
});

describe('LineSplitter with a longest line', () => {
  it('hands out a line that never ends in pieces of that length, and keeps the rest', () => {
    const s = new LineSplitter(4);
    expect(s.push(Buffer.from('abcdefghij'))).toEqual(['abcd', 'efgh']);
    expect(s.push(Buffer.from('k\nxy'))).toEqual(['ijk']);
    expect(s.flush()).toEqual(['xy']);
  });
});

describe('splitTimestamp', () => {
  it.each([
    ['2026-11-24T08:00:00.123456789Z hello world', Date.UTC(2026, 10, 24, 8, 0, 0, 123), 'hello world'],
    ['2026-11-24T08:00:00Z ', Date.UTC(2026, 10, 24, 8), ''],
    ['2026-11-24T09:00:00.5+01:00 local time', Date.UTC(2026, 10, 24, 8, 0, 0, 500), 'local time'],
    ['no timestamp here', 0, 'no timestamp here'],
    ['2026-11-24 not the engine format', 0, '2026-11-24 not the engine format'],
  ])('%j', (line, time, text) => {
    expect(splitTimestamp(line)).toEqual({ time, text });
  });
});

describe('LogLineReader', () => {
  const T1 = '2026-11-24T08:00:00.000000001Z';
  const T2 = '2026-11-24T08:00:00.000000002Z';
  it.each<[string, string[], { time: number; text: string }[]]>([
    [
      'one message a frame',
      [`${T1} a\n`, `${T2} b\n`],
      [
        { time: Date.parse(T1), text: 'a' },
        { time: Date.parse(T2), text: 'b' },
      ],
    ],
    [
      'a long line in three messages: one line, the first timestamp',
      [`${T1} aaa`, `${T2} bbb`, `${T2} ccc\n`],
      [{ time: Date.parse(T1), text: 'aaabbbccc' }],
    ],
    [
      'a continued line, then a new one',
      [`${T1} aa`, `${T2} bb\n`, `${T2} next\n`],
      [
        { time: Date.parse(T1), text: 'aabb' },
        { time: Date.parse(T2), text: 'next' },
      ],
    ],
  ])('%s', (_what, frames, lines) => {
    const r = new LogLineReader();
    expect([...frames.flatMap((f) => r.push(Buffer.from(f))), ...r.flush()]).toEqual(lines);
  });
});
