// End to end on the testbed: published ports. Stack `pub`: `web` (2 busybox httpd replicas on host1
// and host2, published in ingress mode on 8080, updated start-first) and `edge` (host mode on 9090,
// on host2 only). Every client is this test process, outside the hosts, connecting to the hosts'
// underlay addresses as a user's would. (UDP ports are planned by the same rules, tested as unit
// tests: the busybox image has no UDP server to answer here.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, testbed } from './testbed';

const dir = mkdtempSync(path.join(tmpdir(), 'shoal-e2e-ports-'));
/** A request that has no answer within this long counts as failed. */
const REQUEST_TIMEOUT_MS = 3000;
/** Requests tried against one host before giving up on seeing both replicas: (1/2)^19 chance of a false failure. */
const SPREAD_TRIES = 20;
/** The client loop during the update: bounded in requests and in time, whichever comes first. */
const LOOP_MAX_REQUESTS = 3000;
const LOOP_MAX_MS = 120_000;
const LOOP_PAUSE_MS = 20;

// Each replica serves "<version>-<hostname>"; httpd as PID 1 ignores SIGTERM, so a 1 s grace period.
const serve = (port: number, body: string) => `mkdir -p /www; echo ${body} > /www/index.html; exec httpd -f -p ${port} -h /www`;
const STACK = (version: string) => `services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "${serve(80, '$$VERSION-$$(hostname)')}"]
    environment:
      VERSION: ${version}
    stop_grace_period: 1s
    ports: ["8080:80"]
    deploy:
      replicas: 2
      placement:
        constraints: ["node.hostname != host3"]
      update_config:
        parallelism: 1
        delay: 1s
        order: start-first
  edge:
    image: busybox:latest
    command: ["sh", "-c", "${serve(90, 'edge')}"]
    stop_grace_period: 1s
    ports:
      - { target: 90, published: 9090, mode: host }
    deploy:
      placement:
        constraints: ["node.hostname == host2"]
`;

const address = (host: string) => testbed.hosts.find((h) => h.name === host)!.address;

/** The body of `GET /` on host:port, or an Error saying why the request failed. */
function get(host: string, port: number): Promise<string | Error> {
  return new Promise((done) => {
    const socket = connect({ host: address(host), port });
    let data = '';
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
    socket.on('connect', () => socket.end('GET / HTTP/1.0\r\n\r\n'));
    socket.on('data', (b: Buffer) => (data += b.toString()));
    socket.on('error', (err) => {
      clearTimeout(timer);
      done(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const [head, body] = data.split('\r\n\r\n');
      done(/^HTTP\/1\.[01] 200 /.test(head ?? '') ? body!.trim() : new Error(`not a 200 answer: ${JSON.stringify(data.slice(0, 80))}`));
    });
  });
}

function writeStack(version: string): string {
  const file = path.join(dir, `pub-${version}.yml`);
  writeFileSync(file, STACK(version));
  return file;
}

beforeAll(async () => {
  await testbed.up(3);
  const r = await testbed.shoal(['stack', 'deploy', '-c', writeStack('v1'), '--detach', 'pub']);
  expect(r.code, r.stderr).toBe(0);
  await eventually('web 2 and edge 1 running', async () => (await testbed.runningTasks('pub_web')).length === 2 && (await testbed.runningTasks('pub_edge')).length === 1, 60_000);
}, 180_000);

afterAll(async () => {
  await testbed.down();
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('published ports on real engines', () => {
  it('reaches a replica through the published port of every host, also of host3 which runs none, and reaches both replicas', async () => {
    for (const host of ['host1', 'host2', 'host3']) {
      await eventually(`${host}:8080 answers`, async () => typeof (await get(host, 8080)) === 'string', 10_000);
      const seen = new Set<string>();
      for (let i = 0; i < SPREAD_TRIES && seen.size < 2; i++) {
        const body = await get(host, 8080);
        expect(body, `${host}:8080`).toMatch(/^v1-/);
        seen.add(body as string);
      }
      expect(seen.size, `replicas reached through ${host}`).toBe(2);
    }
  });

  it('publishes a host-mode port only on the host that runs its task', async () => {
    await eventually('host2:9090 answers', async () => (await get('host2', 9090)) === 'edge', 10_000);
    for (const host of ['host1', 'host3']) {
      const r = await get(host, 9090);
      expect(r).toBeInstanceOf(Error);
      expect((r as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    }
  });

  it('a start-first rolling update fails no request of a client looping over the published ports of every host', async () => {
    const deploy = testbed.shoal(['stack', 'deploy', '-c', writeStack('v2'), '--timeout', '90s', 'pub'], { timeoutMs: 100_000 });
    let done = false;
    void deploy.finally(() => (done = true));
    const failures: string[] = [];
    const bodies = new Set<string>();
    const started = Date.now();
    let requests = 0;
    for (; !done && requests < LOOP_MAX_REQUESTS && Date.now() - started < LOOP_MAX_MS; requests++) {
      const host = ['host1', 'host2', 'host3'][requests % 3]!;
      const r = await get(host, 8080);
      if (r instanceof Error) failures.push(`${host}: ${r.message}`);
      else bodies.add(r);
      await new Promise((w) => setTimeout(w, LOOP_PAUSE_MS));
    }
    const result = await deploy;
    console.log(`start-first update through the published ports: ${requests} requests in ${Date.now() - started} ms, ${failures.length} failed`);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(50);
    expect([...bodies].some((b) => b.startsWith('v1-'))).toBe(true);
    expect([...bodies].some((b) => b.startsWith('v2-'))).toBe(true);
    for (let i = 0; i < 6; i++) expect(await get(['host1', 'host2', 'host3'][i % 3]!, 8080)).toMatch(/^v2-/);
  });

  it('refuses the port once the stack is removed, and leaves no published-port table on any host', async () => {
    const r = await testbed.shoal(['stack', 'rm', 'pub']);
    expect(r.code, r.stderr).toBe(0);
    for (const host of ['host1', 'host2', 'host3']) {
      await eventually(`${host}:8080 refused`, async () => ((await get(host, 8080)) as NodeJS.ErrnoException).code === 'ECONNREFUSED', 10_000);
      await eventually(`no shoal_ports table on ${host}`, async () => !(await testbed.exec(host, ['nft', 'list', 'tables'])).stdout.includes('shoal_ports'), 10_000);
    }
  });
});
