import * as dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { DNS_TTL_S, toRecordTable } from '../../../../agent/dns/records';
import { respond, servfail, type Transport } from '../../../../agent/dns/response';
import { makeEndpoint, makeView } from '../network/network-views';

const many = Array.from({ length: 100 }, (_, i) => `10.0.4.${i + 1}`);
const table = toRecordTable([
  makeView({
    services: [
      makeEndpoint({ taskIps: ['10.0.3.5'] }),
      makeEndpoint({ serviceId: 'svc2', name: 'web_big', shortName: 'big', mode: 'dnsrr', vip: '', taskIps: many }),
    ],
  }),
]);

function query(name: string, type: dnsPacket.RecordType = 'A', o: dnsPacket.Packet = {}): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: 4321,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
    ...o,
  });
}

function reply(bytes: Buffer, transport: Transport = 'udp') {
  const out = respond(bytes, table, transport);
  if (out.kind !== 'reply') throw new Error(`expected a reply, got ${out.kind}`);
  // dns-packet decodes `rcode` but its typings leave it out.
  return { size: out.bytes.length, packet: dnsPacket.decode(out.bytes) as dnsPacket.DecodedPacket & { rcode: string } };
}

describe('respond', () => {
  it('answers a service with an authoritative A record, the query id and question, RD and RA', () => {
    const { packet } = reply(query('app'));
    expect(packet).toMatchObject({
      id: 4321,
      type: 'response',
      rcode: 'NOERROR',
      flag_aa: true,
      flag_rd: true,
      flag_ra: true,
      flag_tc: false,
    });
    expect(packet.questions).toEqual([{ name: 'app', type: 'A', class: 'IN' }]);
    expect(packet.answers).toEqual([
      { name: 'app', type: 'A', class: 'IN', ttl: DNS_TTL_S, data: '10.0.3.2', flush: false },
    ]);
  });

  it('answers AAAA of a service with NOERROR and no records', () => {
    const { packet } = reply(query('app', 'AAAA'));
    expect(packet.rcode).toBe('NOERROR');
    expect(packet.answers).toEqual([]);
  });

  it.each<[string, Buffer, string]>([
    ['an unknown name', query('nothing'), 'forward'],
    ['a non-IN class', query('app', 'A', { questions: [{ name: 'app', type: 'A', class: 'CH' }] }), 'forward'],
    ['bytes that are not DNS', Buffer.from('hello'), 'drop'],
    ['a response', dnsPacket.encode({ type: 'response', id: 1, questions: [{ name: 'app', type: 'A' }] }), 'drop'],
  ])('%s → %s', (_what, bytes, kind) => expect(respond(bytes, table, 'udp').kind).toBe(kind));

  it('answers two questions with FORMERR', () => {
    const bytes = query('app', 'A', {
      questions: [
        { name: 'app', type: 'A' },
        { name: 'db', type: 'A' },
      ],
    });
    expect(reply(bytes).packet.rcode).toBe('FORMERR');
  });

  it.each<[string, Buffer, Transport, number, boolean]>([
    ['plain UDP: at most 512 bytes, truncated', query('big'), 'udp', 512, true],
    [
      'EDNS UDP offering 4096: capped at 1232, truncated',
      query('big', 'A', { additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 4096 } as dnsPacket.Answer] }),
      'udp',
      1232,
      true,
    ],
    ['TCP: everything', query('big'), 'tcp', Infinity, false],
  ])('%s', (_what, bytes, transport, max, truncated) => {
    const { size, packet } = reply(bytes, transport);
    expect(size).toBeLessThanOrEqual(max);
    expect(packet.flag_tc).toBe(truncated);
    if (truncated) expect(packet.answers!.length).toBeGreaterThan(10);
    else expect(packet.answers).toHaveLength(100);
  });

  it('returns EDNS to an EDNS query', () => {
    const { packet } = reply(
      query('app', 'A', { additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as dnsPacket.Answer] }),
    );
    expect(packet.additionals).toMatchObject([{ type: 'OPT', udpPayloadSize: 1232 }]);
  });

  it('builds SERVFAIL for a query, nothing for garbage', () => {
    const bytes = servfail(query('nothing'));
    expect(dnsPacket.decode(bytes!)).toMatchObject({
      id: 4321,
      rcode: 'SERVFAIL',
      flag_aa: false,
      questions: [{ name: 'nothing', type: 'A' }],
    });
    expect(servfail(Buffer.from('xx'))).toBeUndefined();
  });
});
