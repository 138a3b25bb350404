// `shoal service ps SERVICE...`: the services' tasks, with why a task is not running.
import type { Command } from 'commander';
import { renderTaskTable, sortTasks, toTaskJson } from '../render/tasks';
import { addListOptions, printJson, printLines, type CliApp, type ListOptions } from './app';

export function register(service: Command, app: CliApp): void {
  addListOptions(service.command('ps'), 'task ids')
    .description('list the tasks of one or more services')
    .argument('<service...>', 'service names (full, or short where unambiguous) or ids')
    .action(async (services: string[], opts: ListOptions) => {
      const tasks = await app.withClient((client) => client.listTasks({ stack: '', services, node: '' }));
      if (opts.format === 'json') printJson(app.stdout, sortTasks(tasks.map(toTaskJson)));
      else printLines(app.stdout, renderTaskTable(tasks, { ...opts, noTrunc: !opts.trunc, now: Date.now() }));
    });
}
