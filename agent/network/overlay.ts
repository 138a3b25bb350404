// The overlay's I/O: read the host's links, FDB and neighbours, plan, apply. A failed command stops
// the pass (the next pass reads the host again and plans what is still missing).
//
// Each `ip`/`bridge` run is a fork of the agent's process, which costs more than the command itself,
// and a burst of task starts across the cluster changes the map many times a second. So OverlayDevices
// remembers what the host has after each successful pass and plans the next one against that, reading
// the host again only after a failure, when a network's bridge is not known yet, or once the memory is
// older than OVERLAY_REREAD_MS (which repairs changes made behind the agent's back); and consecutive
// commands of one program go to it as one `-batch`.
import { FailedPreconditionError } from '../../proto/errors';
import { systemClock, type Clock } from '../../lib/clock';
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import { CommandFailedError, type CommandRunner } from './ip';
import { mtuOfAddress, parseFdb, parseLearned, parseLinks, parseNeigh, type OverlayState } from './ip-state';
import { planOverlay, type Argv, type OverlayPlan } from './overlay-plan';

/** As often as the worker re-lists its containers: drift is repaired within the same 10 s. */
export const OVERLAY_REREAD_MS = 10_000;

export interface EnsureOverlayInput {
  desired: readonly NetworkView[];
  localAddress: string;
  underlayMtu: number;
  cpuCount: number;
}

export class OverlayDevices {
  private known?: { state: OverlayState; readAt: number };

  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Applies what is missing and returns the plan it applied (for logs and for `waiting`). */
  async ensure(input: EnsureOverlayInput): Promise<OverlayPlan> {
    const now = this.clock.now();
    const remembered = this.known && now - this.known.readAt < OVERLAY_REREAD_MS ? this.known : undefined;
    this.known = undefined;
    let readAt = remembered?.readAt ?? now;
    let plan = planOverlay({ ...input, current: remembered?.state ?? (await this.read()) });
    // A bridge Docker made since the last read is not in memory: read before deciding the network waits.
    if (remembered && plan.waiting.length > 0) {
      readAt = now;
      plan = planOverlay({ ...input, current: await this.read() });
    }
    for (const [argv, input] of toBatches(plan.commands)) await runBatch(this.runner, argv, input);
    if (plan.waiting.length === 0) this.known = { state: plan.after, readAt };
    return plan;
  }

  private async read(): Promise<OverlayState> {
    const [links, fdb, neigh] = await Promise.all([
      this.runner.run(['ip', '-d', '-j', 'link', 'show']),
      this.runner.run(['bridge', '-j', 'fdb', 'show']),
      this.runner.run(['ip', '-j', '-4', 'neigh', 'show']),
    ]);
    return { links: parseLinks(links), fdb: parseFdb(fdb), neigh: parseNeigh(neigh), learned: parseLearned(fdb) };
  }
}

/**
 * Runs of consecutive commands of one program, each as one run: a lone command as it is, several as
 * `PROGRAM -batch -` with one command a line on stdin (the program stops at the first that fails).
 * Order is kept, so removals still precede the additions that follow them.
 */
export function toBatches(commands: readonly Argv[]): [Argv, string?][] {
  const runs: Argv[][] = [];
  for (const argv of commands) {
    const last = runs.at(-1);
    if (last && last[0]![0] === argv[0]) last.push(argv);
    else runs.push([argv]);
  }
  return runs.map((run) =>
    run.length === 1
      ? [run[0]!]
      : [[run[0]![0]!, '-batch', '-'], run.map((argv) => `${argv.slice(1).join(' ')}\n`).join('')],
  );
}

/**
 * Runs one of toBatches' runs; a failed batch is reported as the command in it that failed
 * (iproute2 names its line).
 */
async function runBatch(runner: CommandRunner, argv: Argv, input: string | undefined): Promise<void> {
  try {
    await runner.run(argv, input);
  } catch (err) {
    const line =
      err instanceof CommandFailedError && input !== undefined ? /Command failed -:(\d+)/.exec(err.stderr) : null;
    const failed = line ? input!.split('\n')[Number(line[1]) - 1] : undefined;
    if (!failed) throw err;
    const e = err as CommandFailedError;
    throw new CommandFailedError([argv[0]!, ...failed.split(' ')], e.exitCode, e.stderr.replace(line![0], ''));
  }
}

/** The MTU of the interface holding the underlay address; the overlay's MTU is derived from it. */
export async function readUnderlayMtu(runner: CommandRunner, localAddress: string): Promise<number> {
  const mtu = mtuOfAddress(await runner.run(['ip', '-j', 'addr', 'show']), localAddress);
  if (mtu === undefined) throw new FailedPreconditionError(`no interface holds the underlay address ${localAddress}`);
  return mtu;
}
