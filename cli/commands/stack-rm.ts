// `shoal stack rm NAME...`.
import type { Command } from 'commander';
import { printLines, type CliApp } from './app';

export function register(stack: Command, app: CliApp): void {
  stack
    .command('rm')
    .alias('remove')
    .description('remove one or more stacks')
    .argument('<stack...>', 'stack names')
    .action(async (names: string[]) => {
      await app.withClient(async (client) => {
        for (const name of names) {
          const res = await client.removeStack(name);
          printLines(app.stdout, [
            ...res.removedServices.map((s) => `Removing service ${s}`),
            ...res.removedNetworks.map((n) => `Removing network ${n}`),
          ]);
        }
      });
    });
}
