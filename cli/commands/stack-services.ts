// `shoal stack services NAME`.
import type { Command } from 'commander';
import { renderServiceTable, sortServices, toServiceJson } from '../render/services';
import { addListOptions, printJson, printLines, type CliApp, type ListOptions } from './app';

export function register(stack: Command, app: CliApp): void {
  addListOptions(stack.command('services'), 'service ids')
    .description("list a stack's services")
    .argument('<stack>', 'stack name')
    .action(async (name: string, opts: ListOptions) => {
      const views = await app.withClient((client) => client.listServices({ filter: { stack: name, names: [] } }));
      if (opts.format === 'json') printJson(app.stdout, sortServices(views.map(toServiceJson)));
      else if (views.length === 0 && !opts.quiet) printLines(app.stderr, [`Nothing found in stack: ${name}`]);
      else printLines(app.stdout, renderServiceTable(views, { ...opts, noTrunc: !opts.trunc }));
    });
}
