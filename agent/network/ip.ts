// The CommandRunner port and its implementation on child processes: the only place Shoal spawns
// `ip`, `bridge`, `nft`, `nsenter` or `unshare`. Arguments go to the program as they are; no shell
// parses them (the one `sh -c` script, in overlay-plan, takes its values as positional arguments).
import { spawn } from 'node:child_process';
import { FailedPreconditionError } from '../../proto/errors';
import type { Argv } from './overlay-plan';

export interface CommandRunner {
  /** Runs argv with `input` on stdin; resolves with stdout; rejects with CommandFailedError. */
  run(argv: Argv, input?: string): Promise<string>;
}

export class CommandFailedError extends FailedPreconditionError {
  constructor(
    readonly argv: Argv,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(
      `${argv.join(' ')}: ${exitCode === null ? 'did not exit normally' : `exit ${exitCode}`}: ` +
        (stderr.trim() || '(no stderr)'),
    );
  }
}

/** `ip` and `nft` answer in milliseconds; 10 s means the kernel or a lock is stuck, not that the host is slow. */
const COMMAND_TIMEOUT_MS = 10_000;

export interface ExecCommandRunnerOptions {
  /** Put before every argv, e.g. ['nsenter', '--net=/run/netns/x'] to act inside another network namespace. */
  prefix?: readonly string[];
  timeoutMs?: number;
}

export class ExecCommandRunner implements CommandRunner {
  private readonly prefix: readonly string[];
  private readonly timeoutMs: number;

  constructor(options: ExecCommandRunnerOptions = {}) {
    this.prefix = options.prefix ?? [];
    this.timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MS;
  }

  run(argv: Argv, input?: string): Promise<string> {
    const full = [...this.prefix, ...argv];
    return new Promise((resolve, reject) => {
      const child = spawn(full[0], full.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], timeout: this.timeoutMs });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e) => reject(new CommandFailedError(full, null, e.message)));
      child.on('close', (code) => {
        if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
        else reject(new CommandFailedError(full, code, Buffer.concat(err).toString('utf8')));
      });
      // A child that exits before reading its stdin makes the write fail with EPIPE; its exit status says why.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input ?? '');
    });
  }
}
