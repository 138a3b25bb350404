// `shoal node inspect NODE`: one node as JSON.
import type { Command } from 'commander';
import { toNodeDetailJson } from '../render/nodes';
import { addInspectFormat, printJson, type CliApp } from './app';

export function register(node: Command, app: CliApp): void {
  addInspectFormat(node.command('inspect'))
    .description('show a node in detail, as JSON')
    .argument('<node>', 'node id or hostname')
    .action(async (name: string) => {
      const found = await app.withClient((client) => client.getNode(name));
      printJson(app.stdout, toNodeDetailJson(found));
    });
}
