// `shoal network rm NETWORK...`: refused by the manager while a service uses the network.
import type { Command } from 'commander';
import { printLines, type CliApp } from './app';

export function register(network: Command, app: CliApp): void {
  network
    .command('rm')
    .alias('remove')
    .description('remove one or more networks made with network create')
    .argument('<network...>', 'network names or ids')
    .action(async (names: string[]) => {
      await app.withClient(async (client) => {
        for (const name of names) {
          await client.removeNetwork(name);
          printLines(app.stdout, [name]);
        }
      });
    });
}
