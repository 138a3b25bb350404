// `shoal service rm SERVICE...`.
import type { Command } from 'commander';
import { printLines, type CliApp } from './app';

export function register(service: Command, app: CliApp): void {
  service
    .command('rm')
    .alias('remove')
    .description('remove one or more services')
    .argument('<service...>', 'service names (full, or short where unambiguous) or ids')
    .action(async (names: string[]) => {
      const removed = await app.withClient((client) => client.removeServices(names));
      printLines(app.stdout, removed);
    });
}
