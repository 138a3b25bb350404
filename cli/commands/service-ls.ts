// `shoal service ls`.
import type { Command } from 'commander';
import { renderServiceTable, sortServices, toServiceJson } from '../render/services';
import { addListOptions, printJson, printLines, type CliApp, type ListOptions } from './app';

export function register(service: Command, app: CliApp): void {
  addListOptions(service.command('ls').alias('list'), 'service ids')
    .description('list services')
    .action(async (opts: ListOptions) => {
      const views = await app.withClient((client) => client.listServices({ filter: { stack: '', names: [] } }));
      if (opts.format === 'json') printJson(app.stdout, sortServices(views.map(toServiceJson)));
      else printLines(app.stdout, renderServiceTable(views, { ...opts, noTrunc: !opts.trunc }));
    });
}
