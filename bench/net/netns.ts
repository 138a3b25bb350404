// Running the benchmarks' Node helpers (dns-client.js, tcp-tool.js) inside the testbed's network
// namespaces: a host's (`shoal-hostN`) or a container's (through its init pid). nsenter enters only
// the network namespace, so the helper runs from this checkout with this machine's node, and outside
// the container's cgroup (no CPU limits of the container apply).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, testbed } from '../../testkit/testbed';

/** A network namespace: a testbed host's, or a container's on a host. */
export type Netns = { host: string } | { host: string; container: string; pid: number };

export const hostNetns = (host: string): Netns => ({ host });

export async function containerNetns(host: string, container: string): Promise<Netns> {
  const pid = Number((await testbed.docker(host, ['inspect', '-f', '{{.State.Pid}}', container])).trim());
  if (!(pid > 0)) throw new Error(`container ${container} on ${host} has no pid`);
  return { host, container, pid };
}

const nsenter = (ns: Netns): string[] => [
  'nsenter',
  'pid' in ns ? `--net=/proc/${ns.pid}/ns/net` : `--net=/run/netns/shoal-${ns.host}`,
];

/** Runs `node script args` in `ns` to its end (killed after timeoutMs); its stdout, or an error. */
export async function runIn(ns: Netns, script: string, args: string[], timeoutMs: number): Promise<string> {
  const r = await run([...nsenter(ns), process.execPath, script, ...args], { timeoutMs });
  if (r.code !== 0)
    throw new Error(
      `${path.basename(script)} ${args.join(' ')} in ${JSON.stringify(ns)} exited with ${r.code}: ${r.stderr}`,
    );
  return r.stdout;
}

/** Any command in `ns` (not only node scripts), for probes such as `ip link`. */
export async function execIn(ns: Netns, argv: string[]): Promise<string> {
  const r = await run([...nsenter(ns), ...argv]);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} in ${JSON.stringify(ns)} exited with ${r.code}: ${r.stderr}`);
  return r.stdout;
}

export interface Daemon {
  /** SIGTERM by pid (nsenter execs node, so the pid is node's), then wait for its exit. */
  stop(): Promise<void>;
}

/** Starts `node script args` in `ns`, resolving once it prints `ready` on stdout. */
export function startIn(ns: Netns, script: string, args: string[], ready: string, timeoutMs = 10_000): Promise<Daemon> {
  const child: ChildProcessWithoutNullStreams = spawn(nsenter(ns)[0]!, [
    ...nsenter(ns).slice(1),
    process.execPath,
    script,
    ...args,
  ]);
  child.stdin.on('error', () => {});
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const daemon: Daemon = {
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void daemon.stop();
      reject(
        new Error(`${path.basename(script)} in ${JSON.stringify(ns)} not ready within ${timeoutMs} ms: ${stderr}`),
      );
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      if (!b.toString().includes(ready)) return;
      clearTimeout(timer);
      resolve(daemon);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(script)} in ${JSON.stringify(ns)} exited with ${code}: ${stderr}`));
    });
  });
}

/** Deploys a stack through the real CLI and waits (the CLI's own wait) until it converged. */
export async function deployStack(name: string, yaml: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'shoal-bench-'));
  try {
    const file = path.join(dir, `${name}.yml`);
    writeFileSync(file, yaml);
    const r = await testbed.shoal(['stack', 'deploy', '-c', file, '--timeout', '90s', name], { timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`shoal stack deploy ${name} failed: ${r.stderr || r.stdout}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ServiceContainer {
  host: string;
  id: string;
  /** Its address on its (first) network. */
  ip: string;
}

/** The running containers of a Shoal service, as the hosts' engines see them. */
export async function serviceContainers(service: string): Promise<ServiceContainer[]> {
  const perHost = await Promise.all(
    testbed.hosts.map(async ({ name: host }) => {
      const ids = (await testbed.docker(host, ['ps', '-q', '--filter', `label=shoal.service=${service}`]))
        .trim()
        .split('\n')
        .filter(Boolean);
      if (ids.length === 0) return [];
      const out = await testbed.docker(host, [
        'inspect',
        '--format',
        '{{.Id}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
        ...ids,
      ]);
      return out
        .trim()
        .split('\n')
        .map((line) => {
          const [id, ip] = line.split(' ');
          return { host, id: id!, ip: ip! };
        });
    }),
  );
  return perHost.flat();
}

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
