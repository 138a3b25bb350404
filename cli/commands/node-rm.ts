// `shoal node rm NODE...`: removes nodes that are down; the manager refuses a node that is ready.
import type { Command } from 'commander';
import { printLines, type CliApp } from './app';

export function register(node: Command, app: CliApp): void {
  node
    .command('rm')
    .alias('remove')
    .description('remove one or more nodes that are down (stop the agent first; drain to move tasks before)')
    .argument('<node...>', 'node ids or hostnames')
    .action(async (names: string[]) => {
      await app.withClient(async (client) => {
        for (const name of names) {
          const removed = await client.removeNode(name);
          printLines(app.stdout, [removed.hostname]);
        }
      });
    });
}
