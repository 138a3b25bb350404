// `shoal node update [--label-add k=v] [--label-rm k] [--availability a] NODE`.
import type { Command } from 'commander';
import { collect, printLines, type CliApp } from './app';

interface UpdateOptions {
  labelAdd: string[];
  labelRm: string[];
  availability?: string;
}

export function register(node: Command, app: CliApp): void {
  node
    .command('update')
    .description("change a node's labels or availability")
    .argument('<node>', 'node id or hostname')
    .option('--label-add <key=value>', 'add or update a node label (repeatable)', collect, [])
    .option('--label-rm <key>', 'remove a node label (repeatable)', collect, [])
    .option('--availability <availability>', 'active, pause (no new tasks) or drain (move tasks away)')
    .action(async (name: string, opts: UpdateOptions) => {
      const { parseAvailability, parseLabelAdd, parseLabelRm } = await import('./parse-args');
      const labelAdd = opts.labelAdd.map(parseLabelAdd);
      const labelRm = opts.labelRm.map(parseLabelRm);
      const availability = opts.availability === undefined ? '' : parseAvailability(opts.availability);
      await app.withClient((client) => client.updateNode({ name, labelAdd, labelRm, availability }));
      printLines(app.stdout, [name]);
    });
}
