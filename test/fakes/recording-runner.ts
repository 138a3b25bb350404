// RecordingRunner: the CommandRunner port for tests. Records every argv (and stdin) in order, answers
// from canned outputs keyed by the argv joined with spaces, and fails argv a test names.
import type { CommandRunner } from '../../agent/network/ip';
import { CommandFailedError } from '../../agent/network/ip';
import type { Argv } from '../../agent/network/overlay-plan';

export class RecordingRunner implements CommandRunner {
  readonly calls: { argv: string[]; input?: string }[] = [];
  private readonly outputs = new Map<string, string>();
  private readonly failures = new Map<string, string>();

  /** `argv` (joined with spaces) prints `stdout`; unlisted commands print nothing. */
  answer(argv: string, stdout: string): this {
    this.outputs.set(argv, stdout);
    return this;
  }

  /** `argv` (joined with spaces) fails with `stderr`. */
  fail(argv: string, stderr: string): this {
    this.failures.set(argv, stderr);
    return this;
  }

  /** The argv of every call so far, each joined with spaces. */
  lines(): string[] {
    return this.calls.map((c) => c.argv.join(' '));
  }

  async run(argv: Argv, input?: string): Promise<string> {
    this.calls.push({ argv: [...argv], ...(input === undefined ? {} : { input }) });
    const key = argv.join(' ');
    const stderr = this.failures.get(key);
    if (stderr !== undefined) throw new CommandFailedError(argv, 1, stderr);
    return this.outputs.get(key) ?? '';
  }
}
