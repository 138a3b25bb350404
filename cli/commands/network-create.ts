// `shoal network create [--driver overlay] [--subnet CIDR] [--internal] [--attachable] [--label k=v] NAME`.
// The name and labels are checked here first (domain/limits.ts, domain/labels.ts); the manager checks
// them again, and the driver and subnet (and that the subnet overlaps no other network).
import type { Command } from 'commander';
import { parseLabel } from '../../domain/labels';
import { networkNameProblem, shown } from '../../domain/limits';
import { InvalidArgumentError } from '../../proto/errors';
import { printLines, type CliApp } from './app';

interface CreateOptions {
  driver: string;
  subnet?: string;
  internal: boolean;
  attachable: boolean;
  label: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** "k=v" or "k" labels as a map (domain/labels); InvalidArgumentError for one that is not a label. */
export function parseLabels(args: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const arg of args) {
    const label = parseLabel(arg);
    if (!label.ok)
      throw new InvalidArgumentError(`invalid --label ${shown(arg)}: ${label.error}; expected KEY=VALUE or KEY`);
    labels[label.key] = label.value;
  }
  return labels;
}

export function register(network: Command, app: CliApp): void {
  network
    .command('create')
    .description('create an overlay network that stacks can join with external: true')
    .argument('<name>', 'network name')
    .option('-d, --driver <driver>', 'network driver', 'overlay')
    .option('--subnet <cidr>', "subnet, e.g. 10.20.0.0/24 (default: the next free /24 of the manager's pool)")
    .option('--internal', 'no access to the outside world', false)
    .option('--attachable', 'let standalone containers attach', false)
    .option('--label <key=value>', 'set a label (repeatable)', collect, [])
    .action(async (name: string, opts: CreateOptions) => {
      const badName = networkNameProblem(name);
      if (badName) throw new InvalidArgumentError(badName);
      const spec = {
        name,
        driver: opts.driver,
        labels: parseLabels(opts.label),
        internal: opts.internal,
        attachable: opts.attachable,
        ipam: opts.subnet === undefined ? [] : [{ subnet: opts.subnet }],
      };
      const created = await app.withClient((client) => client.createNetwork(spec));
      printLines(app.stdout, [created.id]);
    });
}
