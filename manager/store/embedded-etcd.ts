// EmbeddedEtcd runs one single-member etcd server as a child process of the manager, bound to loopback only.
// Its data lives in `<dataDir>/data` and its log in `<dataDir>/etcd.log`; starting again on the same dataDir
// keeps the data and, within one EmbeddedEtcd, the same ports (so clients reconnect to the same URL).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { UnavailableError } from '../../proto/errors';

export interface EmbeddedEtcdOptions {
  dataDir: string;
  /** The etcd executable; default `etcd` found on PATH. */
  binary?: string;
  /** Fixed loopback ports; a free port is picked for each one not given. */
  clientPort?: number;
  peerPort?: number;
  /** etcd's --max-txn-ops (etcd's default is 128). */
  maxTxnOps?: number;
  startTimeoutMs?: number;
  logger?: Logger;
}

const LOOPBACK = '127.0.0.1';
const MEMBER_NAME = 'shoal';
/** A fresh single-member etcd answers /health in well under a second; 15 s leaves room for a slow disk's WAL replay. */
const DEFAULT_START_TIMEOUT_MS = 15_000;
/** etcd flushes its WAL and exits within a second of SIGTERM; 5 s covers a loaded machine before we SIGKILL. */
const STOP_TIMEOUT_MS = 5_000;
/** Polling /health every 50 ms keeps start-up latency low without busy-looping. */
const HEALTH_POLL_INTERVAL_MS = 50;
/** One health probe must not outlive the poll loop's timeout by much. */
const HEALTH_REQUEST_TIMEOUT_MS = 1_000;
/** Enough of etcd's log to show why it did not start. */
const LOG_TAIL_BYTES = 4_096;
/**
 * Periodic compaction keeps one hour of history: enough for any watch that reconnects after a blip to resume, and it
 * stops the event history from filling etcd's 2 GiB default quota (after which etcd refuses writes).
 */
const AUTO_COMPACTION_RETENTION = '1h';

export class EmbeddedEtcd {
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private clientPort: number | undefined;
  private peerPort: number | undefined;

  constructor(private readonly opts: EmbeddedEtcdOptions) {
    this.clientPort = opts.clientPort;
    this.peerPort = opts.peerPort;
  }

  get pidPath(): string {
    return join(this.opts.dataDir, 'etcd.pid');
  }

  /**
   * An etcd left running by a manager that was killed holds the data dir; end it. Only the pid this
   * class recorded, and only while that process is still an etcd on this data dir.
   */
  private async endStale(): Promise<void> {
    if (!existsSync(this.pidPath)) return;
    const pid = Number(readFileSync(this.pidPath, 'utf8').trim());
    const cmdline = (): string => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    };
    if (pid > 0 && cmdline().includes(`--data-dir=${join(this.opts.dataDir, 'data')}`)) {
      this.opts.logger?.warn({ 'etcd.pid': pid }, 'ending an embedded etcd left running by an earlier manager');
      process.kill(pid, 'SIGKILL');
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while (cmdline() !== '' && Date.now() < deadline) await sleep(HEALTH_POLL_INTERVAL_MS);
    }
    rmSync(this.pidPath, { force: true });
  }

  get logPath(): string {
    return join(this.opts.dataDir, 'etcd.log');
  }

  /** The pid of the running etcd, if this instance started one. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts etcd and resolves once it answers /health. */
  async start(): Promise<void> {
    if (this.child) throw new Error('embedded etcd is already running');
    mkdirSync(this.opts.dataDir, { recursive: true, mode: 0o700 });
    await this.endStale();
    this.clientPort ??= await freePort();
    this.peerPort ??= await freePort();
    const clientUrl = `http://${LOOPBACK}:${this.clientPort}`;
    const peerUrl = `http://${LOOPBACK}:${this.peerPort}`;
    const args = [
      `--name=${MEMBER_NAME}`,
      `--data-dir=${join(this.opts.dataDir, 'data')}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=${MEMBER_NAME}=${peerUrl}`,
      '--initial-cluster-state=new',
      '--auto-compaction-mode=periodic',
      `--auto-compaction-retention=${AUTO_COMPACTION_RETENTION}`,
    ];
    if (this.opts.maxTxnOps !== undefined) args.push(`--max-txn-ops=${this.opts.maxTxnOps}`);

    const logFd = openSync(this.logPath, 'a', 0o600);
    let child: ChildProcess;
    try {
      child = spawn(this.opts.binary ?? 'etcd', args, { stdio: ['ignore', logFd, logFd] });
    } finally {
      closeSync(logFd);
    }
    this.child = child;
    if (child.pid) writeFileSync(this.pidPath, `${child.pid}\n`);
    let exitInfo: string | undefined;
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        exitInfo = signal ? `signal ${signal}` : `code ${code}`;
        this.child = undefined;
        resolve();
      });
      child.once('error', (err) => {
        exitInfo = err.message;
        this.child = undefined;
        resolve();
      });
    });
    this.opts.logger?.info(
      { 'etcd.pid': child.pid, 'etcd.client_url': clientUrl, 'etcd.data_dir': this.opts.dataDir },
      'starting embedded etcd',
    );

    const deadline = Date.now() + (this.opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    while (Date.now() < deadline) {
      if (exitInfo !== undefined) {
        throw new UnavailableError(`etcd exited during start-up (${exitInfo}); log tail:\n${this.logTail()}`);
      }
      if (await isHealthy(clientUrl)) return;
      await sleep(HEALTH_POLL_INTERVAL_MS);
    }
    await this.stop();
    throw new UnavailableError(
      `etcd did not become healthy at ${clientUrl} within the start timeout; log tail:\n${this.logTail()}`,
    );
  }

  endpoints(): string[] {
    if (this.clientPort === undefined) throw new Error('embedded etcd has not been started');
    return [`http://${LOOPBACK}:${this.clientPort}`];
  }

  /** SIGTERM to the process this instance started, SIGKILL if it has not exited after STOP_TIMEOUT_MS. */
  async stop(): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
    rmSync(this.pidPath, { force: true });
    this.opts.logger?.info({ 'etcd.pid': child.pid }, 'embedded etcd stopped');
  }

  private logTail(): string {
    if (!existsSync(this.logPath)) return '(no log)';
    const text = readFileSync(this.logPath, 'utf8');
    return text.slice(-LOG_TAIL_BYTES);
  }
}

async function isHealthy(clientUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(HEALTH_REQUEST_TIMEOUT_MS) });
    if (!res.ok) return false;
    const body = (await res.json()) as { health?: string };
    return body.health === 'true';
  } catch {
    return false;
  }
}

/** A loopback port that was free a moment ago: the kernel's pick for port 0. */
/** A loopback TCP port free right now (bound to port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
