// RecordingRunner: the CommandRunner port for tests. Records every argv (and stdin) in order, answers
// from canned outputs keyed by the argv joined with spaces, and fails argv a test names. A
// `PROGRAM -batch -` run is taken as the commands on its stdin, as the program would: it fails at the
// first command a test named. The VIP loop (agent/network/vip.ts) is taken as one
// `nsenter --net=/proc/PID/ns/net nft -f -` per container, and answers as the loop does.
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

  /** The command of every call so far, each joined with spaces; a batch's commands one by one. */
  lines(): string[] {
    return this.calls.flatMap((c) => commandsOf(c.argv, c.input));
  }

  /** The [pid, script] pairs of every VIP loop run so far, in order. */
  vipScripts(): [number, string][] {
    return this.calls.flatMap((c) => vipPairs(c.argv) ?? []);
  }

  async run(argv: Argv, input?: string): Promise<string> {
    this.calls.push({ argv: [...argv], ...(input === undefined ? {} : { input }) });
    const vip = vipPairs(argv);
    if (vip) {
      return vip
        .map(([pid]) => {
          const stderr = this.failures.get(vipCommand(pid));
          return stderr === undefined ? `ok ${pid}\n` : `failed ${pid} ${stderr}\n`;
        })
        .join('');
    }
    const commands = commandsOf(argv, input);
    for (const [i, command] of commands.entries()) {
      const stderr = this.failures.get(command);
      if (stderr === undefined) continue;
      // iproute2 names the batch line that failed.
      throw new CommandFailedError(argv, 1, isBatch(argv) ? `${stderr}\nCommand failed -:${i + 1}\n` : stderr);
    }
    return this.outputs.get(argv.join(' ')) ?? '';
  }
}

const isBatch = (argv: readonly string[]) => argv.length === 3 && argv[1] === '-batch' && argv[2] === '-';

const vipCommand = (pid: number) => `nsenter --net=/proc/${pid}/ns/net nft -f -`;

function vipPairs(argv: readonly string[]): [number, string][] | undefined {
  if (argv[0] !== 'sh' || argv[3] !== 'shoal-vip') return undefined;
  const pairs: [number, string][] = [];
  for (let i = 4; i + 1 < argv.length; i += 2) pairs.push([Number(argv[i]), argv[i + 1]!]);
  return pairs;
}

function commandsOf(argv: readonly string[], input: string | undefined): string[] {
  const vip = vipPairs(argv);
  if (vip) return vip.map(([pid]) => vipCommand(pid));
  if (!isBatch(argv)) return [argv.join(' ')];
  return (input ?? '')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => `${argv[0]} ${l}`);
}
