import * as dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { ReplyCache } from '../../../../agent/dns/reply-cache';

const query = (name: string, id: number) =>
  dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: 'A', class: 'IN', name }],
  });
const answer = (name: string, id: number, data: string) =>
  dnsPacket.encode({
    type: 'response',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: 'A', class: 'IN', name }],
    answers: [{ type: 'A', class: 'IN', name, ttl: 5, data }],
  });

describe('ReplyCache', () => {
  it("serves the kept reply for the same question with the new query's id", () => {
    const cache = new ReplyCache();
    cache.set(query('web', 1), answer('web', 1, '10.0.0.2'));
    const reply = cache.get(query('web', 0xbeef))!;
    expect(dnsPacket.decode(reply)).toMatchObject({ id: 0xbeef, answers: [{ name: 'web', data: '10.0.0.2' }] });
  });

  it.each<[string, Buffer]>([
    ['another name', query('db', 1)],
    [
      'another type',
      dnsPacket.encode({
        type: 'query',
        id: 1,
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ type: 'AAAA', class: 'IN', name: 'web' }],
      }),
    ],
    [
      'other flags (no recursion desired)',
      dnsPacket.encode({ type: 'query', id: 1, questions: [{ type: 'A', class: 'IN', name: 'web' }] }),
    ],
    ['only an id', Buffer.from([0, 1])],
  ])('keeps nothing for %s', (_what, other) => {
    const cache = new ReplyCache();
    cache.set(query('web', 1), answer('web', 1, '10.0.0.2'));
    expect(cache.get(other)).toBeUndefined();
  });

  it('hands out copies: changing one reply changes neither the kept one nor the next', () => {
    const cache = new ReplyCache();
    const original = answer('web', 1, '10.0.0.2');
    cache.set(query('web', 1), original);
    original.fill(0);
    const first = cache.get(query('web', 2))!;
    first.fill(0xff, 2);
    expect(dnsPacket.decode(cache.get(query('web', 3))!)).toMatchObject({ id: 3, answers: [{ data: '10.0.0.2' }] });
  });

  it('starts over when full, so it never holds more than its bound', () => {
    const cache = new ReplyCache(3);
    for (const name of ['a', 'b', 'c']) cache.set(query(name, 1), answer(name, 1, '10.0.0.1'));
    expect(['a', 'b', 'c'].map((name) => cache.get(query(name, 2)) !== undefined)).toEqual([true, true, true]);
    cache.set(query('d', 1), answer('d', 1, '10.0.0.4'));
    expect(['a', 'b', 'c', 'd'].map((name) => cache.get(query(name, 2)) !== undefined)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});
