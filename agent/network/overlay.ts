// ensureOverlay: read the host's links, FDB and neighbours, plan, apply. Idempotent; a failed command
// stops the pass (the next pass reads the state again and plans what is still missing).
import { FailedPreconditionError } from '../../proto/errors';
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import type { CommandRunner } from './ip';
import { mtuOfAddress, parseFdb, parseLinks, parseNeigh } from './ip-state';
import { planOverlay, type OverlayPlan } from './overlay-plan';

export interface EnsureOverlayInput {
  desired: readonly NetworkView[];
  localAddress: string;
  underlayMtu: number;
}

/** Applies what is missing and returns the plan it applied (for logs and for `waiting`). */
export async function ensureOverlay(runner: CommandRunner, input: EnsureOverlayInput): Promise<OverlayPlan> {
  const [links, fdb, neigh] = await Promise.all([
    runner.run(['ip', '-d', '-j', 'link', 'show']),
    runner.run(['bridge', '-j', 'fdb', 'show']),
    runner.run(['ip', '-j', '-4', 'neigh', 'show']),
  ]);
  const plan = planOverlay({ ...input, current: { links: parseLinks(links), fdb: parseFdb(fdb), neigh: parseNeigh(neigh) } });
  for (const argv of plan.commands) await runner.run(argv);
  return plan;
}

/** The MTU of the interface holding the underlay address; the overlay's MTU is derived from it. */
export async function readUnderlayMtu(runner: CommandRunner, localAddress: string): Promise<number> {
  const mtu = mtuOfAddress(await runner.run(['ip', '-j', 'addr', 'show']), localAddress);
  if (mtu === undefined) throw new FailedPreconditionError(`no interface holds the underlay address ${localAddress}`);
  return mtu;
}
