// Applies containers' VIP rules (planVipRules), each inside its container's network namespace in one
// nft transaction. Every task start changes the rules of every container on its networks, and a fork
// of the agent's process costs more than nft's work, so all the containers of one pass go to a single
// child: a fixed `sh` loop that runs `nsenter ... nft -f -` per container. Pids and scripts are the
// loop's positional arguments, never part of its code. One container's failure is its own: the loop
// goes on and says which failed and why.
import type { CommandRunner } from './ip';

export interface VipTarget {
  /** A process in the container (its main process): its network namespace is the container's. */
  pid: number;
  script: string;
}

export interface VipOutcome {
  /** Pids whose rules are in place. */
  applied: Set<number>;
  /** Pid → nft's error, for the others. */
  failed: Map<number, string>;
}

const APPLY_EACH = [
  'while [ $# -ge 2 ]; do',
  '  if out=$(printf %s "$2" | nsenter --net="/proc/$1/ns/net" nft -f - 2>&1); then echo "ok $1"',
  '  else printf "failed %s %s\\n" "$1" "$(printf %s "$out" | tr "\\n" " ")"; fi',
  '  shift 2',
  'done',
].join('\n');

export async function applyVipRules(runner: CommandRunner, targets: readonly VipTarget[]): Promise<VipOutcome> {
  const outcome: VipOutcome = { applied: new Set(), failed: new Map() };
  if (targets.length === 0) return outcome;
  const out = await runner.run([
    'sh',
    '-c',
    APPLY_EACH,
    'shoal-vip',
    ...targets.flatMap((t) => [String(t.pid), t.script]),
  ]);
  for (const line of out.split('\n')) {
    const m = /^(ok|failed) (\d+) ?(.*)$/.exec(line);
    if (m?.[1] === 'ok') outcome.applied.add(Number(m[2]));
    else if (m) outcome.failed.set(Number(m[2]), m[3]!.trim());
  }
  for (const t of targets)
    if (!outcome.applied.has(t.pid) && !outcome.failed.has(t.pid)) outcome.failed.set(t.pid, 'no outcome reported');
  return outcome;
}
