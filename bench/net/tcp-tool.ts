// A TCP sink and source for the datapath benchmark, run inside network namespaces (nsenter):
//   node tcp-tool.js sink --port P                 accepts connections one after another; for each,
//                                                  counts the bytes until the peer half-closes, then
//                                                  writes the count back and closes. Prints "listening".
//   node tcp-tool.js source --host H --port P (--bytes N | --seconds S) [--max-seconds T]
//                                                  sends N bytes (or as many as it can in S seconds),
//                                                  half-closes, waits for the sink's count; prints one
//                                                  JSON line (bytes, seconds, Gbit/s).
// The clock runs from connect to the sink's count, so it covers every byte arriving at the sink.
import { createConnection, createServer } from 'node:net';

export interface TcpRunResult {
  bytes: number;
  received: number;
  seconds: number;
  gbitPerS: number;
}

const CHUNK = Buffer.alloc(1 << 20, 0x5a);

function args(argv: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) m.set(argv[i]!.replace(/^--/, ''), argv[i + 1] ?? '');
  return m;
}

function sink(port: number): void {
  const server = createServer((conn) => {
    let received = 0;
    conn.on('data', (b: Buffer) => (received += b.length));
    conn.on('end', () => conn.end(`${received}\n`));
    conn.on('error', () => conn.destroy());
  });
  server.listen({ port, host: '0.0.0.0' }, () => process.stdout.write('listening\n'));
  // Whoever started the sink ends it (SIGTERM by pid); closing its stdin ends it too.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

/** Sends `bytes`, or for `seconds` when given (then `bytes` is only a bound). */
function source(host: string, port: number, bytes: number, seconds: number | undefined, maxSeconds: number): void {
  const timer = setTimeout(() => {
    process.stderr.write(`tcp-tool: transfer not done within ${maxSeconds}s\n`);
    process.exit(2);
  }, maxSeconds * 1000);
  let start = 0n;
  let left = bytes;
  let sent = 0;
  let reply = '';
  const stopAt = seconds === undefined ? undefined : BigInt(Math.round(seconds * 1e9));
  const conn = createConnection({ host, port }, () => {
    start = process.hrtime.bigint();
    pump();
  });
  const pump = () => {
    while (left > 0) {
      if (stopAt !== undefined && process.hrtime.bigint() - start >= stopAt) break;
      const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= chunk.length;
      sent += chunk.length;
      if (!conn.write(chunk)) {
        conn.once('drain', pump);
        return;
      }
    }
    conn.end();
  };
  conn.on('data', (b: Buffer) => (reply += b.toString()));
  conn.on('end', () => {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    clearTimeout(timer);
    const received = Number(reply.trim());
    const result: TcpRunResult = {
      bytes: sent,
      received,
      seconds: Number(seconds.toFixed(4)),
      gbitPerS: Number(((received * 8) / seconds / 1e9).toFixed(3)),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exitCode = received === sent ? 0 : 1;
  });
  conn.on('error', (err) => {
    process.stderr.write(`tcp-tool: ${err.message}\n`);
    process.exit(1);
  });
}

function main(): void {
  const [mode, ...rest] = process.argv.slice(2);
  const a = args(rest);
  const port = Number(a.get('port') ?? 5201);
  if (mode === 'sink') sink(port);
  else if (mode === 'source') {
    const seconds = a.has('seconds') ? Number(a.get('seconds')) : undefined;
    source(
      a.get('host') ?? '',
      port,
      Number(a.get('bytes') ?? (seconds === undefined ? 2 ** 30 : 2 ** 40)),
      seconds,
      Number(a.get('max-seconds') ?? 30),
    );
  } else throw new Error('usage: tcp-tool sink|source ...');
}

if (require.main === module) main();
