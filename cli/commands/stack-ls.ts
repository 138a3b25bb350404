// `shoal stack ls`.
import type { Command } from 'commander';
import { renderStackTable, sortStacks } from '../render/stacks';
import { addListOptions, printJson, printLines, type CliApp, type ListOptions } from './app';

export function register(stack: Command, app: CliApp): void {
  addListOptions(stack.command('ls').alias('list'), 'stack names')
    .description('list stacks')
    .action(async (opts: ListOptions) => {
      const stacks = await app.withClient((client) => client.listStacks());
      if (opts.format === 'json') printJson(app.stdout, sortStacks(stacks));
      else printLines(app.stdout, renderStackTable(stacks, opts));
    });
}
