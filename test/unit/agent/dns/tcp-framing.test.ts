import { describe, expect, it } from 'vitest';
import { FrameReader, withLength } from '../../../../agent/dns/tcp-framing';

describe('TCP framing', () => {
  it('splits a stream into messages however the chunks fall', () => {
    const a = Buffer.from('first');
    const b = Buffer.from('second message');
    const stream = Buffer.concat([withLength(a), withLength(b)]);
    const reader = new FrameReader();
    const got = [stream.subarray(0, 1), stream.subarray(1, 9), stream.subarray(9)].flatMap((c) => reader.push(c));
    expect(got.map(String)).toEqual(['first', 'second message']);
  });
});
