// End to end on the testbed: published ports. Stack `pub`: `web` (2 busybox httpd replicas on host1
// and host2, published in ingress mode on 8080, updated start-first), `edge` (host mode on 9090, on
// host2 only) and `dhcp` (busybox's udhcpd, the image's one UDP server, published on 6767/udp, on
// host2 only). Every client is this test process, outside the hosts, connecting to the hosts'
// underlay addresses as a user's would.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { eventually, testbed } from '../../testkit/testbed';
import { httpdServing } from '../fixtures/stacks';
import { useTestbed } from './setup';

/** A request that has no answer within this long counts as failed. */
const REQUEST_TIMEOUT_MS = 3000;
/** Requests tried against one host before giving up on seeing both replicas: (1/2)^19 chance of a false failure. */
const SPREAD_TRIES = 20;
/** The client loop during the update: bounded in requests and in time, whichever comes first. */
const LOOP_MAX_REQUESTS = 3000;
const LOOP_MAX_MS = 120_000;
const LOOP_PAUSE_MS = 20;

const UDHCPD =
  "mkdir -p /var/lib/misc; printf 'start 10.99.0.10\\ninterface eth0\\n' > /tmp/u.conf; " +
  'exec udhcpd -f -a 100 /tmp/u.conf';

// Each replica serves "<version>-<hostname>"; httpd as PID 1 ignores SIGTERM, so a 1 s grace period.
const STACK = (version: string) => `services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "${httpdServing(80, '$$VERSION-$$(hostname)')}"]
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
    command: ["sh", "-c", "${httpdServing(90, 'edge')}"]
    stop_grace_period: 1s
    ports:
      - { target: 90, published: 9090, mode: host }
    deploy:
      placement:
        constraints: ["node.hostname == host2"]
  dhcp:
    image: busybox:latest
    command: ["sh", "-c", "${UDHCPD}"]
    stop_grace_period: 1s
    ports: ["6767:67/udp"]
    deploy:
      placement:
        constraints: ["node.hostname == host2"]
`;

/** This machine's address on the testbed's underlay (deploy/lib/testbed-net.sh): where udhcpd's replies come back. */
const UNDERLAY_GATEWAY = '10.213.0.1';
/** The DHCP server port: a relay agent (giaddr) gets the server's reply on it. */
const BOOTPS_PORT = 67;

const address = (host: string) => testbed.hosts.find((h) => h.name === host)!.address;

/** The body of `GET /` on host:port, or an Error saying why the request failed. */
function get(host: string, port: number): Promise<string | Error> {
  return new Promise((done) => {
    const socket = connect({ host: address(host), port });
    let data = '';
    const timer = setTimeout(
      () => socket.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)),
      REQUEST_TIMEOUT_MS,
    );
    socket.on('connect', () => socket.end('GET / HTTP/1.0\r\n\r\n'));
    socket.on('data', (b: Buffer) => (data += b.toString()));
    socket.on('error', (err) => {
      clearTimeout(timer);
      done(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const [head, body] = data.split('\r\n\r\n');
      done(
        /^HTTP\/1\.[01] 200 /.test(head ?? '')
          ? body!.trim()
          : new Error(`not a 200 answer: ${JSON.stringify(data.slice(0, 80))}`),
      );
    });
  });
}

/** A BOOTP/DHCP DISCOVER (RFC 2131) relayed by UNDERLAY_GATEWAY, with transaction id `xid`. */
function discover(xid: number): Buffer {
  const b = Buffer.alloc(300);
  b.set([1, 1, 6], 0); // op BOOTREQUEST, htype Ethernet, hlen 6
  b.writeUInt32BE(xid, 4);
  b.set(UNDERLAY_GATEWAY.split('.').map(Number), 24); // giaddr
  b.set([0x02, 0x42, 0x53, 0x48, 0x00, 0x01], 28); // chaddr
  b.writeUInt32BE(0x63825363, 236); // magic cookie
  b.set([53, 1, 1, 255], 240); // option 53 (message type) DISCOVER, end
  return b;
}

function writeStack(version: string): string {
  return stackFiles.write(`pub-${version}.yml`, STACK(version));
}

const stackFiles = useTestbed({
  name: 'ports',
  setup: async () => {
    const r = await testbed.shoal(['stack', 'deploy', '-c', writeStack('v1'), '--detach', 'pub']);
    expect(r.code, r.stderr).toBe(0);
    await eventually(
      'web 2, edge 1 and dhcp 1 running',
      async () =>
        (await testbed.runningTasks('pub_web')).length === 2 &&
        (await testbed.runningTasks('pub_edge')).length === 1 &&
        (await testbed.runningTasks('pub_dhcp')).length === 1,
      60_000,
    );
  },
});

describe('published ports on real engines', () => {
  it(
    'reaches a replica through the published port of every host, also of host3 which runs none, ' +
      'and reaches both replicas',
    async () => {
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
    },
  );

  it('publishes a host-mode port only on the host that runs its task', async () => {
    await eventually('host2:9090 answers', async () => (await get('host2', 9090)) === 'edge', 10_000);
    for (const host of ['host1', 'host3']) {
      const r = await get(host, 9090);
      expect(r).toBeInstanceOf(Error);
      expect((r as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    }
  });

  it('carries UDP to the task from the published port of every host', async () => {
    // A DHCPDISCOVER as a relay agent sends it: udhcpd answers the relay (giaddr) on port 67, so its
    // OFFER, with our transaction id, says that our datagram reached it.
    const listener = createSocket('udp4');
    const offers = new Set<number>();
    listener.on('message', (m) => {
      if (m[0] === 2) offers.add(m.readUInt32BE(4)); // op BOOTREPLY, then xid
    });
    await new Promise<void>((done) => listener.bind(BOOTPS_PORT, UNDERLAY_GATEWAY, done));
    const sender = createSocket('udp4');
    try {
      for (const [i, host] of ['host1', 'host2', 'host3'].entries()) {
        const xid = 0x5300_0000 + i;
        await eventually(
          `an OFFER for a DISCOVER sent to ${host}:6767`,
          async () => {
            await new Promise<void>((done, fail) =>
              sender.send(discover(xid), 6767, address(host), (err) => (err ? fail(err) : done())),
            );
            await new Promise((r) => setTimeout(r, 500));
            return offers.has(xid);
          },
          15_000,
        );
      }
    } finally {
      sender.close();
      listener.close();
    }
  });

  it(
    'a start-first rolling update fails no request ' + 'of a client looping over the published ports of every host',
    async () => {
      const deploy = testbed.shoal(['stack', 'deploy', '-c', writeStack('v2'), '--timeout', '90s', 'pub'], {
        timeoutMs: 100_000,
      });
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
      console.log(
        `start-first update through the published ports: ` +
          `${requests} requests in ${Date.now() - started} ms, ${failures.length} failed`,
      );
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(50);
      expect([...bodies].some((b) => b.startsWith('v1-'))).toBe(true);
      expect([...bodies].some((b) => b.startsWith('v2-'))).toBe(true);
      for (let i = 0; i < 6; i++) expect(await get(['host1', 'host2', 'host3'][i % 3]!, 8080)).toMatch(/^v2-/);
    },
  );

  it('refuses the port once the stack is removed, and leaves no published-port table on any host', async () => {
    const r = await testbed.shoal(['stack', 'rm', 'pub']);
    expect(r.code, r.stderr).toBe(0);
    for (const host of ['host1', 'host2', 'host3']) {
      await eventually(
        `${host}:8080 refused`,
        async () => ((await get(host, 8080)) as NodeJS.ErrnoException).code === 'ECONNREFUSED',
        10_000,
      );
      await eventually(
        `no shoal_ports table on ${host}`,
        async () => !(await testbed.exec(host, ['nft', 'list', 'tables'])).stdout.includes('shoal_ports'),
        10_000,
      );
    }
  });
});
