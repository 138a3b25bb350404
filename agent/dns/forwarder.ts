// Asks upstream resolvers a query we do not own and returns their answer unchanged. The query keeps
// its id; each exchange uses a fresh socket (a random source port), and only a reply from the
// upstream with that id is taken.
import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';
import type { Upstream } from './resolv-conf';
import type { Transport } from './response';
import { FrameReader, withLength } from './tcp-framing';

/**
 * Total time for one forwarded query, shared among the upstreams: below the 5 s a glibc client waits before retrying.
 */
export const FORWARD_TIMEOUT_MS = 2000;

/** The upstreams' answer, trying each in turn; undefined when none answered in time. */
export async function forwardQuery(
  query: Buffer,
  transport: Transport,
  upstreams: readonly Upstream[],
  timeoutMs = FORWARD_TIMEOUT_MS,
): Promise<Buffer | undefined> {
  const each = timeoutMs / Math.max(1, upstreams.length);
  for (const upstream of upstreams) {
    const exchange = transport === 'udp' ? exchangeUdp : exchangeTcp;
    const reply = await exchange(query, upstream, each).catch(() => undefined);
    if (reply) return reply;
  }
  return undefined;
}

function exchangeUdp(query: Buffer, upstream: Upstream, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(upstream.address) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => finish(new Error('timeout')), timeoutMs);
    let done = false;
    const finish = (err: Error | undefined, reply?: Buffer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (reply) resolve(reply);
      else reject(err ?? new Error('no reply'));
    };
    socket.on('error', (err) => finish(err));
    socket.on('message', (msg, from) => {
      if (
        from.address === upstream.address &&
        from.port === upstream.port &&
        msg.length >= 2 &&
        msg.readUInt16BE(0) === query.readUInt16BE(0)
      ) {
        finish(undefined, msg);
      }
    });
    socket.send(query, upstream.port, upstream.address);
  });
}

function exchangeTcp(query: Buffer, upstream: Upstream, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: upstream.address, port: upstream.port });
    const timer = setTimeout(() => finish(new Error('timeout')), timeoutMs);
    const reader = new FrameReader();
    let done = false;
    const finish = (err: Error | undefined, reply?: Buffer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (reply) resolve(reply);
      else reject(err ?? new Error('no reply'));
    };
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error('closed before the answer')));
    socket.on('data', (chunk: Buffer) => {
      const [reply] = reader.push(chunk);
      if (reply) finish(undefined, reply);
    });
    socket.write(withLength(query));
  });
}
