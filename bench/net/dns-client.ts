// A UDP DNS load client for the DNS benchmark, run inside a container's network namespace (nsenter):
// `node dns-client.js --server IP [--port 53] --names A,B [--count N] [--warmup W] [--inflight C]`.
// Sends `warmup` then `count` queries, keeping `inflight` outstanding; query i asks for the second
// name when i % 10 === 9 (a 90/10 mix), else the first. Prints one JSON line: qps and latency
// percentiles (ms) of the measured queries. Bounded: each query times out after --timeout-ms (counted
// lost), the whole run after --max-seconds.
import { createSocket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';

export interface DnsRunResult {
  server: string;
  names: string[];
  inflight: number;
  sent: number;
  answered: number;
  /** Timed out: no reply within the timeout. */
  lost: number;
  /** A reply that was not NOERROR with at least one answer: the server does not know the name. */
  failed: number;
  seconds: number;
  qps: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

function args(argv: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) m.set(argv[i]!.replace(/^--/, ''), argv[i + 1] ?? '');
  return m;
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

function main(): void {
  const a = args(process.argv.slice(2));
  const server = a.get('server') ?? '';
  const port = Number(a.get('port') ?? 53);
  const names = (a.get('names') ?? '').split(',').filter(Boolean);
  const count = Number(a.get('count') ?? 20_000);
  const warmup = Number(a.get('warmup') ?? 2_000);
  const inflight = Number(a.get('inflight') ?? 1);
  const timeoutMs = Number(a.get('timeout-ms') ?? 1_000);
  const maxSeconds = Number(a.get('max-seconds') ?? 60);
  if (!server || names.length === 0) throw new Error('usage: dns-client --server IP --names A[,B]');

  // The queries are encoded once; each send copies one and sets its id.
  const templates = names.map((name) =>
    dnsPacket.encode({
      type: 'query',
      id: 0,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type: 'A', class: 'IN', name }],
    }),
  );
  const total = warmup + count;
  const latencies = new Float64Array(count);
  let measured = 0;
  let sent = 0;
  let done = 0;
  let answered = 0;
  let lost = 0;
  let failed = 0;
  let nextId = 0;
  let firstMeasuredAt = 0n;
  let lastAt = 0n;
  /** id → [send time, query index]. */
  const pending = new Map<number, [bigint, number]>();
  const socket = createSocket('udp4');

  const finish = () => {
    clearInterval(sweeper);
    clearTimeout(deadline);
    socket.close();
    const sorted = latencies.slice(0, measured).sort();
    const seconds = Number(lastAt - firstMeasuredAt) / 1e9;
    const result: DnsRunResult = {
      server,
      names,
      inflight,
      sent,
      answered,
      lost,
      failed,
      seconds: Number(seconds.toFixed(3)),
      qps: Math.round(measured / seconds),
      p50: percentile(sorted, 0.5),
      p90: percentile(sorted, 0.9),
      p99: percentile(sorted, 0.99),
      p999: percentile(sorted, 0.999),
      max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    };
    for (const k of ['p50', 'p90', 'p99', 'p999', 'max'] as const) result[k] = Number(result[k].toFixed(4));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  };

  const sendOne = () => {
    if (sent >= total) return;
    const index = sent++;
    const bytes = Buffer.from(templates[index % 10 === 9 && templates.length > 1 ? 1 : 0]!);
    let id = nextId;
    while (pending.has(id)) id = (id + 1) & 0xffff;
    nextId = (id + 1) & 0xffff;
    bytes.writeUInt16BE(id, 0);
    const now = process.hrtime.bigint();
    if (index === warmup) firstMeasuredAt = now;
    pending.set(id, [now, index]);
    socket.send(bytes, port, server);
  };

  const settle = () => {
    done += 1;
    if (done >= total) finish();
    else sendOne();
  };

  socket.on('message', (msg) => {
    if (msg.length < 12) return;
    const entry = pending.get(msg.readUInt16BE(0));
    if (!entry) return; // a late reply to a query already counted lost
    const now = process.hrtime.bigint();
    pending.delete(msg.readUInt16BE(0));
    const [at, index] = entry;
    answered += 1;
    const rcode = msg[3]! & 0xf;
    if (rcode !== 0 || msg.readUInt16BE(6) === 0) failed += 1;
    if (index >= warmup) {
      latencies[measured++] = Number(now - at) / 1e6;
      lastAt = now;
    }
    settle();
  });

  const sweeper = setInterval(() => {
    const now = process.hrtime.bigint();
    for (const [id, [at]] of pending) {
      if (Number(now - at) / 1e6 < timeoutMs) continue;
      pending.delete(id);
      lost += 1;
      settle();
    }
  }, 50);
  const deadline = setTimeout(() => {
    process.stderr.write(`dns-client: stopped after ${maxSeconds}s with ${done}/${total} done\n`);
    lastAt = process.hrtime.bigint();
    finish();
  }, maxSeconds * 1000);

  socket.bind(0, () => {
    for (let i = 0; i < inflight; i++) sendOne();
  });
}

if (require.main === module) main();
