// `shoal stack ps NAME`.
import type { Command } from 'commander';
import { renderTaskTable, sortTasks, toTaskJson } from '../render/tasks';
import { addListOptions, printJson, printLines, type CliApp, type ListOptions } from './app';

export function register(stack: Command, app: CliApp): void {
  addListOptions(stack.command('ps'), 'task ids')
    .description("list a stack's tasks")
    .argument('<stack>', 'stack name')
    .action(async (name: string, opts: ListOptions) => {
      const tasks = await app.withClient((client) => client.listTasks({ stack: name, services: [], node: '' }));
      if (opts.format === 'json') printJson(app.stdout, sortTasks(tasks.map(toTaskJson)));
      else if (tasks.length === 0 && !opts.quiet) printLines(app.stderr, [`Nothing found in stack: ${name}`]);
      else printLines(app.stdout, renderTaskTable(tasks, { ...opts, noTrunc: !opts.trunc, now: Date.now() }));
    });
}
