// The DNS server on loopback, asked by dig over UDP and TCP; names it does not own go to a fake
// upstream (also on loopback) that answers NXDOMAIN to everything, or to one that never answers.
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import * as dnsPacket from 'dns-packet';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsServer, type DnsListener } from '../../../agent/dns/server';
import { FrameReader, withLength } from '../../../agent/dns/tcp-framing';
import { makeEndpoint, makeView } from '../../unit/agent/network/network-views';

const run = promisify(execFile);
const logger = pino({ level: 'silent' });

const views = [
  makeView({
    id: 'net1',
    services: [
      makeEndpoint({
        name: 'web_app',
        shortName: 'app',
        vip: '10.0.3.2',
        aliases: ['frontend'],
        taskIps: ['10.0.3.5', '10.0.3.6'],
      }),
    ],
  }),
  makeView({
    id: 'net2',
    vni: 4098,
    services: [
      makeEndpoint({
        serviceId: 'svc2',
        name: 'api_db',
        shortName: 'db',
        mode: 'dnsrr',
        vip: '',
        taskIps: ['10.0.4.7'],
      }),
    ],
  }),
];

/** An upstream (UDP and TCP on one port) that answers NXDOMAIN to every query, recording the names. */
async function startNxdomainUpstream(): Promise<{ socket: Socket; tcp: Server; port: number; asked: string[] }> {
  const asked: string[] = [];
  const nxdomain = (msg: Buffer): Buffer => {
    const q = dnsPacket.decode(msg);
    asked.push(q.questions![0].name);
    const flags = dnsPacket.RECURSION_AVAILABLE | 3; // rcode 3 = NXDOMAIN
    return dnsPacket.encode({ type: 'response', id: q.id, flags, questions: q.questions });
  };
  const socket = createSocket('udp4');
  socket.on('message', (msg, from) => socket.send(nxdomain(msg), from.port, from.address));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const port = socket.address().port;
  const tcp = createServer((conn) => {
    const reader = new FrameReader();
    conn.on('data', (chunk: Buffer) => reader.push(chunk).forEach((m) => conn.write(withLength(nxdomain(m)))));
  });
  await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', () => resolve()));
  return { socket, tcp, port, asked };
}

async function dig(port: number, address: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('dig', [`@${address}`, '-p', String(port), '+tries=1', '+time=3', ...args]);
  return stdout;
}

/** One UDP query with a chosen id, as a stub resolver sends it (the same bytes each time but the id). */
async function ask(l: DnsListener, name: string, id: number): Promise<dnsPacket.DecodedPacket> {
  const socket = createSocket('udp4');
  try {
    const reply = new Promise<Buffer>((resolve, reject) => {
      socket.once('message', resolve);
      setTimeout(() => reject(new Error(`no answer to ${name} within 3 s`)), 3000).unref();
    });
    socket.send(
      dnsPacket.encode({
        type: 'query',
        id,
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ type: 'A', class: 'IN', name }],
      }),
      l.port,
      l.address,
    );
    return dnsPacket.decode(await reply);
  } finally {
    socket.close();
  }
}

const status = (out: string) => /status: (\w+)/.exec(out)?.[1];
const answers = (out: string) =>
  out
    .split('\n')
    .filter((l) => /\sIN\s+A\s/.test(l) && !l.startsWith(';'))
    .map((l) => l.split(/\s+/).pop())
    .sort();

describe('DnsServer', () => {
  let upstream: Awaited<ReturnType<typeof startNxdomainUpstream>>;
  let server: DnsServer;
  let net1: DnsListener;
  let net2: DnsListener;
  /** An upstream address that never answers: a bound socket that reads nothing. */
  let silent: Socket;
  let deaf: DnsServer;
  let deafPort: number;

  beforeAll(async () => {
    upstream = await startNxdomainUpstream();
    server = new DnsServer({ upstreams: [{ address: '127.0.0.1', port: upstream.port }], logger });
    [net1, net2] = await server.start([
      { address: '127.0.0.1', port: 0, networkId: 'net1' },
      { address: '127.0.0.2', port: 0, networkId: 'net2' },
    ]);
    server.update(views);
    silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    deaf = new DnsServer({
      upstreams: [{ address: '127.0.0.1', port: silent.address().port }],
      logger,
      forwardTimeoutMs: 300,
    });
    [{ port: deafPort }] = await deaf.start([{ address: '127.0.0.1', port: 0, networkId: 'net1' }]);
  });

  afterAll(async () => {
    await server?.stop();
    await deaf?.stop();
    upstream?.socket.close();
    upstream?.tcp.close();
    silent?.close();
  });

  it.each<[string, string, string[], string, string[]]>([
    ['service over UDP: its VIP', 'net1', ['app'], 'NOERROR', ['10.0.3.2']],
    ['service over TCP: its VIP', 'net1', ['+tcp', 'app'], 'NOERROR', ['10.0.3.2']],
    ['full name, upper case, over TCP', 'net1', ['+tcp', 'WEB_APP.'], 'NOERROR', ['10.0.3.2']],
    ['tasks.service: every task', 'net1', ['tasks.app'], 'NOERROR', ['10.0.3.5', '10.0.3.6']],
    ['alias: the VIP', 'net1', ['frontend'], 'NOERROR', ['10.0.3.2']],
    ['AAAA of a service: NOERROR, empty', 'net1', ['app', 'AAAA'], 'NOERROR', []],
    ["unknown name: the upstream's NXDOMAIN", 'net1', ['nothing.cluster-local'], 'NXDOMAIN', []],
    ['the listener decides the network: app is not on net2', 'net2', ['app'], 'NXDOMAIN', []],
    ['net2 has its own services', 'net2', ['+tcp', 'db'], 'NOERROR', ['10.0.4.7']],
  ])('%s', async (_what, network, args, wantStatus, wantAnswers) => {
    const l = network === 'net1' ? net1 : net2;
    const out = await dig(l.port, l.address, ...args);
    expect(status(out)).toBe(wantStatus);
    expect(answers(out)).toEqual(wantAnswers);
  });

  it("forwards unknown names over TCP too, relaying the upstream's answer", async () => {
    const out = await dig(net1.port, net1.address, '+tcp', 'other.cluster-local');
    expect(status(out)).toBe('NXDOMAIN');
  });

  it('the upstream saw only the names the asking network does not own (app is not on net2)', () => {
    expect(upstream.asked).toEqual(expect.arrayContaining(['nothing.cluster-local', 'other.cluster-local', 'app']));
    for (const owned of ['web_app', 'tasks.app', 'frontend', 'db']) expect(upstream.asked).not.toContain(owned);
  });

  it('an upstream that does not answer gives SERVFAIL after the forward timeout', async () => {
    const out = await dig(deafPort, '127.0.0.1', 'example.com');
    expect(status(out)).toBe('SERVFAIL');
  });

  it("answers a repeated question with the asker's id every time, and follows an update at once", async () => {
    const vipOf = (p: dnsPacket.DecodedPacket) => (p.answers ?? []).map((a) => (a.type === 'A' ? a.data : a.type));
    const first = await ask(net1, 'app', 101);
    const again = await ask(net1, 'app', 202);
    expect([first.id, vipOf(first)]).toEqual([101, ['10.0.3.2']]);
    expect([again.id, vipOf(again)]).toEqual([202, ['10.0.3.2']]);
    server.update([makeView({ id: 'net1', services: [makeEndpoint({ vip: '10.0.3.98' })] })]);
    try {
      const moved = await ask(net1, 'app', 303);
      expect([moved.id, vipOf(moved)]).toEqual([303, ['10.0.3.98']]);
    } finally {
      server.update(views);
    }
    expect(vipOf(await ask(net1, 'app', 404))).toEqual(['10.0.3.2']);
  });

  it('update replaces the records', async () => {
    server.update([makeView({ id: 'net1', services: [makeEndpoint({ vip: '10.0.3.99' })] })]);
    try {
      expect(answers(await dig(net1.port, net1.address, 'app'))).toEqual(['10.0.3.99']);
      expect(status(await dig(net1.port, net1.address, 'frontend'))).toBe('NXDOMAIN');
    } finally {
      server.update(views);
    }
  });
});
