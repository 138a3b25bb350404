// DNS wire format in and out, on dns-packet: a query's outcome (a reply we build, or forward it),
// and the SERVFAIL sent when forwarding fails. Pure.
import * as dnsPacket from 'dns-packet';
import { answer, DNS_TTL_S, type RecordTable } from './records';

const RCODE_FORMERR = 1;
const RCODE_SERVFAIL = 2;
const RCODE_NOTIMP = 4;

/**
 * A UDP answer without EDNS is at most 512 bytes (RFC 1035 4.2.1); longer ones are truncated, and
 * the client asks over TCP.
 */
const UDP_PLAIN_MAX_BYTES = 512;
/**
 * The largest UDP answer we send to an EDNS client, whatever it offers: 1232 avoids IP
 * fragmentation (DNS flag day 2020).
 */
const UDP_EDNS_MAX_BYTES = 1232;

export type Transport = 'udp' | 'tcp';

export type QueryOutcome =
  | { kind: 'reply'; bytes: Buffer }
  | { kind: 'forward' }
  /** Not a query we can parse: no answer, as a resolver does with garbage. */
  | { kind: 'drop' };

function decodeQuery(bytes: Buffer): dnsPacket.DecodedPacket | undefined {
  try {
    const packet = dnsPacket.decode(bytes);
    return packet.type === 'query' ? packet : undefined;
  } catch {
    return undefined;
  }
}

/** The query's own EDNS record, if it had one: an EDNS query gets one back (RFC 6891 7). */
function ednsOf(query: dnsPacket.DecodedPacket): dnsPacket.OptAnswer | undefined {
  return (query.additionals ?? []).find((a): a is dnsPacket.OptAnswer => a.type === 'OPT');
}

function reply(
  query: dnsPacket.DecodedPacket,
  rcode: number,
  aa: boolean,
  answers: dnsPacket.Answer[] = [],
  truncated = false,
): dnsPacket.Packet {
  const edns = ednsOf(query);
  return {
    type: 'response',
    id: query.id,
    flags:
      ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) |
      dnsPacket.RECURSION_AVAILABLE |
      (aa ? dnsPacket.AUTHORITATIVE_ANSWER : 0) |
      (truncated ? dnsPacket.TRUNCATED_RESPONSE : 0) |
      rcode,
    questions: query.questions,
    answers,
    additionals: edns
      ? [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: UDP_EDNS_MAX_BYTES,
            extendedRcode: 0,
            ednsVersion: 0,
            flags: 0,
            flag_do: false,
            options: [],
          },
        ]
      : [],
  };
}

function udpLimit(query: dnsPacket.DecodedPacket): number {
  const edns = ednsOf(query);
  return edns ? Math.min(UDP_EDNS_MAX_BYTES, Math.max(UDP_PLAIN_MAX_BYTES, edns.udpPayloadSize)) : UDP_PLAIN_MAX_BYTES;
}

/** Encodes, truncating the answers (with TC set) when a UDP reply would be longer than the client takes. */
function encodeFor(query: dnsPacket.DecodedPacket, packet: dnsPacket.Packet, transport: Transport): Buffer {
  const bytes = dnsPacket.encode(packet);
  const max = transport === 'tcp' ? Infinity : udpLimit(query);
  if (bytes.length <= max) return bytes;
  const answers = packet.answers ?? [];
  const empty = dnsPacket.encode({ ...packet, answers: [] }).length;
  // Our answers are A records of one name, so each takes the same space.
  const each = (bytes.length - empty) / answers.length;
  const fit = Math.max(0, Math.floor((max - empty) / each));
  return dnsPacket.encode({
    ...packet,
    flags: (packet.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE,
    answers: answers.slice(0, fit),
  });
}

export function respond(bytes: Buffer, table: RecordTable, transport: Transport): QueryOutcome {
  const query = decodeQuery(bytes);
  if (!query) return { kind: 'drop' };
  const opcode = ((query.flags ?? 0) >> 11) & 0xf; // 0 = QUERY; dns-packet's typings omit its decoded opcode
  if (opcode !== 0) return { kind: 'reply', bytes: dnsPacket.encode(reply(query, RCODE_NOTIMP, false)) };
  const questions = query.questions ?? [];
  if (questions.length !== 1) return { kind: 'reply', bytes: dnsPacket.encode(reply(query, RCODE_FORMERR, false)) };
  const q = questions[0];
  if (q.class !== undefined && q.class !== 'IN') return { kind: 'forward' };
  const decision = answer({ name: q.name, type: q.type }, table);
  if (decision.kind === 'forward') return decision;
  const answers: dnsPacket.Answer[] = decision.addresses.map((data) => ({
    type: 'A',
    class: 'IN',
    name: q.name,
    ttl: DNS_TTL_S,
    data,
  }));
  return { kind: 'reply', bytes: encodeFor(query, reply(query, 0, true, answers), transport) };
}

/** The answer when no upstream resolver answered; undefined for bytes that are not a query. */
export function servfail(bytes: Buffer): Buffer | undefined {
  const query = decodeQuery(bytes);
  return query ? dnsPacket.encode(reply(query, RCODE_SERVFAIL, false)) : undefined;
}
