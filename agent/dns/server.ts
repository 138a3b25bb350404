// The agent's DNS server. It listens on each overlay's gateway address (UDP and TCP), so the local
// address a query arrives on says which network the asking container is on; it answers service names
// from a table precomputed on every network map (and a UDP reply once built is kept until the table
// changes), and forwards every other name to the host's resolvers.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import type { Logger } from 'pino';
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import { forwardQuery, FORWARD_TIMEOUT_MS } from './forwarder';
import { toRecordTable, type RecordTable } from './records';
import type { Upstream } from './resolv-conf';
import { ReplyCache } from './reply-cache';
import { respond, servfail, type Transport } from './response';
import { FrameReader, withLength } from './tcp-framing';

/** A client that keeps a TCP connection idle this long is dropped (RFC 7766 suggests seconds). */
const TCP_IDLE_TIMEOUT_MS = 10_000;

export interface DnsListener {
  address: string;
  /** 0 picks a free port (tests); UDP and TCP then share the port UDP got. */
  port: number;
  networkId: string;
}

export interface DnsServerOptions {
  upstreams: readonly Upstream[];
  logger: Logger;
  forwardTimeoutMs?: number;
}

const EMPTY_TABLE: RecordTable = new Map();

/**
 * The UDP sockets' address lookup: a reply goes back to the address its query came from, always an
 * IPv4 literal, so there is nothing to look up (the default dns.lookup would defer each send a tick).
 */
const literalAddress = (
  address: string,
  _options: unknown,
  callback: (err: null, address: string, family: number) => void,
) => callback(null, address, 4);

interface NetworkRecords {
  table: RecordTable;
  /** Our UDP replies for this table (TCP replies are not truncated, so they differ). */
  udpReplies: ReplyCache;
}

export class DnsServer {
  private networks = new Map<string, NetworkRecords>();
  private readonly udp: UdpSocket[] = [];
  private readonly tcp: Server[] = [];
  private readonly connections = new Set<TcpSocket>();

  constructor(private readonly options: DnsServerOptions) {}

  /** Listens on every listener; resolves with the ports actually bound. */
  async start(listeners: readonly DnsListener[]): Promise<DnsListener[]> {
    const bound: DnsListener[] = [];
    for (const l of listeners) {
      const port = await this.listenUdp(l);
      await this.listenTcp({ ...l, port });
      bound.push({ ...l, port });
    }
    return bound;
  }

  /** The records of each network, from the node's network map. */
  update(views: readonly NetworkView[]): void {
    this.networks = new Map(views.map((v) => [v.id, { table: toRecordTable([v]), udpReplies: new ReplyCache() }]));
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.destroy();
    await Promise.all([
      ...this.udp.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      ...this.tcp.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
    ]);
  }

  /** Our reply now, or the upstreams' (or SERVFAIL) later; `send` is not called for garbage. */
  private handle(query: Buffer, networkId: string, transport: Transport, send: (reply: Buffer) => void): void {
    const records = this.networks.get(networkId);
    const cache = transport === 'udp' ? records?.udpReplies : undefined;
    const kept = cache?.get(query);
    if (kept) return send(kept);
    const outcome = respond(query, records?.table ?? EMPTY_TABLE, transport);
    if (outcome.kind === 'reply') {
      cache?.set(query, outcome.bytes);
      send(outcome.bytes);
    }
    if (outcome.kind !== 'forward') return;
    void forwardQuery(
      query,
      transport,
      this.options.upstreams,
      this.options.forwardTimeoutMs ?? FORWARD_TIMEOUT_MS,
    ).then((reply) => {
      if (!reply)
        this.options.logger.debug(
          { 'network.id': networkId, 'dns.transport': transport },
          'no upstream resolver answered',
        );
      const bytes = reply ?? servfail(query);
      if (bytes) send(bytes);
    });
  }

  private listenUdp(l: DnsListener): Promise<number> {
    const socket = createSocket({ type: 'udp4', reuseAddr: false, lookup: literalAddress });
    socket.on('message', (msg, from) => {
      this.handle(msg, l.networkId, 'udp', (reply) => socket.send(reply, from.port, from.address));
    });
    return new Promise((resolve, reject) => {
      socket.once('error', (err) => {
        socket.close();
        reject(err);
      });
      socket.bind({ address: l.address, port: l.port, exclusive: true }, () => {
        socket.removeAllListeners('error');
        socket.on('error', (err) =>
          this.options.logger.error({ err, 'dns.address': l.address }, 'dns udp socket failed'),
        );
        this.udp.push(socket);
        resolve(socket.address().port);
      });
    });
  }

  private listenTcp(l: DnsListener): Promise<void> {
    const server = createServer((conn) => {
      this.connections.add(conn);
      const reader = new FrameReader();
      conn.setTimeout(TCP_IDLE_TIMEOUT_MS, () => conn.destroy());
      conn.on('close', () => this.connections.delete(conn));
      conn.on('error', () => conn.destroy());
      conn.on('data', (chunk: Buffer) => {
        for (const query of reader.push(chunk)) {
          this.handle(query, l.networkId, 'tcp', (reply) => {
            if (!conn.destroyed) conn.write(withLength(reply));
          });
        }
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: l.address, port: l.port }, () => {
        server.off('error', reject);
        this.tcp.push(server);
        resolve();
      });
    });
  }
}
