import { describe, expect, it } from 'vitest';
import { LineSplitter, splitTimestamp } from '../../../agent/runtime/log-lines';

describe('LineSplitter', () => {
  it.each([
    ['whole lines in one chunk', ['a\nb\n'], ['a', 'b'], []],
    ['a line across chunks', ['he', 'llo\nwor', 'ld\n'], ['hello', 'world'], []],
    ['an empty line', ['\n\nx\n'], ['', '', 'x'], []],
    ['a last line without newline, given at flush', ['a\nb'], ['a'], ['b']],
    ['a UTF-8 character split across chunks', [Buffer.from('é\n').subarray(0, 1), Buffer.from('é\n').subarray(1)], ['é'], []],
  ] as [string, (string | Buffer)[], string[], string[]][])('%s', (_what, chunks, lines, flushed) => {
    const s = new LineSplitter();
    expect(chunks.flatMap((c) => s.push(Buffer.from(c)))).toEqual(lines);
    expect(s.flush()).toEqual(flushed);
    expect(s.flush()).toEqual([]);
  });
});

describe('splitTimestamp', () => {
  it.each([
    ['2026-11-24T08:00:00.123456789Z hello world', Date.UTC(2026, 10, 24, 8, 0, 0, 123), 'hello world'],
    ['2026-11-24T08:00:00Z ', Date.UTC(2026, 10, 24, 8), ''],
    ['no timestamp here', 0, 'no timestamp here'],
    ['2026-11-24 not the engine format', 0, '2026-11-24 not the engine format'],
  ])('%j', (line, time, text) => {
    expect(splitTimestamp(line)).toEqual({ time, text });
  });
});
