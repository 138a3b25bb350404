// End-to-end tests' handle on a local multi-host cluster. deploy/testbed does all the work (hosts
// are network namespaces with their own Docker engine and shoal-agent; host1 runs the manager);
// this module runs it and the real `shoal` CLI. There is one testbed per machine: `up` waits until
// no other test process holds it. Needs root and a build (`npm run build`).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NodeJson } from '../cli/render/nodes';
import type { TaskJson } from '../cli/render/tasks';
import { eventually as poll } from './eventually';

/** End-to-end waits: clusters converge in seconds, and each check runs CLI or docker commands. */
export const eventually = (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) =>
  poll(what, check, timeoutMs, 200);

/** The checkout: the nearest folder up with a package.json (this file also runs compiled, from dist/). */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
const ROOT = findRoot(__dirname);
const TESTBED = resolve(ROOT, 'deploy/testbed');
const CLI = resolve(ROOT, 'dist/cli/main.js');

/** `up` starts engines, the manager and agents and waits for every node to be ready: 14-26 s for 3 hosts here. */
const UP_TIMEOUT_MS = 120_000;
/** How long `up` waits for another test process to finish with the testbed. */
const LOCK_WAIT_S = 600;
/** Any other testbed command: a revive starts an engine (a few seconds), stop-manager waits for etcd to stop. */
const COMMAND_TIMEOUT_MS = 60_000;
/** A CLI call; `stack deploy` and `service scale` wait for convergence and take their own --timeout. */
const SHOAL_TIMEOUT_MS = 60_000;

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the command's stdin (which is closed either way). */
  input?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface TestbedHost {
  name: string;
  /** Its address on the underlay, where its agent and (on host1) the manager listen. */
  address: string;
}

/** Runs a command to its end; kills it (by pid) after the timeout. Never throws for a non-zero exit. */
export function run(argv: string[], opts: RunOptions = {}): Promise<CommandResult> {
  const timeoutMs = opts.timeoutMs ?? COMMAND_TIMEOUT_MS;
  return new Promise((done, fail) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    // A command that exits without reading its stdin makes this write fail with EPIPE: not an error here.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) stderr += `\n(killed after ${timeoutMs} ms)`;
      done({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

async function mustRun(argv: string[], opts: RunOptions = {}): Promise<string> {
  const r = await run(argv, opts);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited with ${r.code}\n${r.stderr || r.stdout}`);
  return r.stdout;
}

const tb = (args: string[], timeoutMs = COMMAND_TIMEOUT_MS) => mustRun([TESTBED, ...args], { timeoutMs });

/**
 * The testbed's hosts, bridge and state directory are the machine's, whichever checkout runs it: so
 * is the lock (a file in /run, which is emptied at boot).
 */
const LOCK_FILE = '/run/shoal-testbed.lock';

/** Holds an exclusive flock on LOCK_FILE until its stdin closes: at `down`, or when the test process dies. */
async function lockTestbed(): Promise<ChildProcessWithoutNullStreams> {
  const holder = spawn('flock', [
    '--exclusive',
    '--timeout',
    String(LOCK_WAIT_S),
    LOCK_FILE,
    '-c',
    'echo locked; exec cat >/dev/null',
  ]);
  holder.stdin.on('error', () => {});
  let stderr = '';
  holder.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  await new Promise<void>((locked, fail) => {
    holder.stdout.once('data', () => locked());
    holder.once('exit', (code) =>
      fail(new Error(`could not lock the testbed within ${LOCK_WAIT_S}s (flock exited with ${code}): ${stderr}`)),
    );
  });
  return holder;
}

class Testbed {
  private address = '';
  private hostList: TestbedHost[] = [];
  private lock?: ChildProcessWithoutNullStreams;

  /** `SHOAL_MANAGER` for this testbed: host1's underlay address and the manager's port. */
  get managerAddress(): string {
    if (!this.address) throw new Error('the testbed is not up');
    return this.address;
  }

  get hosts(): readonly TestbedHost[] {
    return this.hostList;
  }

  /** A fresh testbed of `hosts` hosts (whatever was there before is removed), every node ready. */
  async up(hosts = 3): Promise<void> {
    this.lock ??= await lockTestbed();
    const out = await tb(['up', '--hosts', String(hosts)], UP_TIMEOUT_MS);
    const m = /^export SHOAL_MANAGER=(\S+)$/m.exec(out);
    if (!m) throw new Error(`deploy/testbed up printed no SHOAL_MANAGER:\n${out}`);
    this.address = m[1]!;
    this.hostList = (await tb(['hosts']))
      .trim()
      .split('\n')
      .map((line) => {
        const [name, address] = line.split(' ');
        return { name: name!, address: address! };
      });
  }

  /** Removes the testbed this process brought up (even if `up` failed); a no-op otherwise. */
  async down(): Promise<void> {
    if (!this.lock) return;
    try {
      await tb(['down']);
    } finally {
      this.lock.stdin.end();
      this.lock = undefined;
      this.address = '';
      this.hostList = [];
    }
  }

  /** A hard failure of `host`: its agent, engine and containers killed, its link cut (host1: the manager too). */
  kill(host: string): Promise<string> {
    return tb(['kill', host]);
  }

  /** Restores `host`'s link and starts its engine and agent (and on host1 the manager) again. */
  revive(host: string): Promise<string> {
    return tb(['revive', host]);
  }

  stopAgent(host: string): Promise<string> {
    return tb(['stop-agent', host]);
  }

  startAgent(host: string): Promise<string> {
    return tb(['start-agent', host]);
  }

  stopManager(): Promise<string> {
    return tb(['stop-manager']);
  }

  /** Starts the manager again and waits until it answers. */
  startManager(): Promise<string> {
    return tb(['start-manager']);
  }

  /** The docker CLI against `host`'s engine; its stdout, or an error with its stderr. */
  docker(host: string, args: string[], opts: RunOptions = {}): Promise<string> {
    return mustRun([TESTBED, 'docker', host, ...args], opts);
  }

  /** A command in `host`'s network namespace. Does not throw for a non-zero exit: probes expect failures. */
  exec(host: string, cmd: string[], opts: RunOptions = {}): Promise<CommandResult> {
    return run([TESTBED, 'exec', host, '--', ...cmd], opts);
  }

  /**
   * The RPS mask of each Shoal VXLAN device on `host` (device name → mask), read through a sysfs
   * mounted from the host's namespace (the machine's /sys shows the root namespace's devices).
   */
  async vxlanRpsMasks(host: string): Promise<Map<string, string>> {
    const script =
      'mount -t sysfs sysfs /sys && for d in /sys/class/net/shvx*; do [ -e "$d" ] || continue; ' +
      'echo "${d##*/} $(cat "$d/queues/rx-0/rps_cpus")"; done';
    const r = await this.exec(host, ['unshare', '--mount', 'sh', '-c', script]);
    if (r.code !== 0) throw new Error(`reading the RPS masks on ${host} failed: ${r.stderr}`);
    return new Map(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ') as [string, string]),
    );
  }

  /** The real `shoal` CLI against this testbed's manager. Does not throw for a non-zero exit. */
  shoal(args: string[], opts: RunOptions = {}): Promise<CommandResult> {
    return run([process.execPath, CLI, ...args], {
      timeoutMs: SHOAL_TIMEOUT_MS,
      ...opts,
      env: { SHOAL_MANAGER: this.managerAddress, ...opts.env },
    });
  }

  /** `shoal node ls --format json`. */
  async nodes(): Promise<NodeJson[]> {
    const r = await this.shoal(['node', 'ls', '--format', 'json']);
    if (r.code !== 0) throw new Error(`shoal node ls failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as NodeJson[];
  }

  /** `shoal service ps SERVICE --format json`: the service's tasks, ended ones included. */
  async tasks(service: string): Promise<TaskJson[]> {
    const r = await this.shoal(['service', 'ps', service, '--format', 'json']);
    if (r.code !== 0) throw new Error(`shoal service ps ${service} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as TaskJson[];
  }

  /** The service's tasks that are wanted running and run. */
  async runningTasks(service: string): Promise<TaskJson[]> {
    return (await this.tasks(service)).filter((t) => t.desiredState === 'running' && t.state === 'running');
  }
}

/** The machine's one testbed. */
export const testbed = new Testbed();
