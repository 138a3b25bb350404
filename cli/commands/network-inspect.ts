// `shoal network inspect NETWORK`: one network as JSON, with the services attached to it.
import type { Command } from 'commander';
import { toNetworkDetailJson } from '../render/networks';
import { addInspectFormat, printJson, type CliApp } from './app';

export function register(network: Command, app: CliApp): void {
  addInspectFormat(network.command('inspect'))
    .description('show a network in detail, as JSON')
    .argument('<network>', 'network name or id')
    .action(async (name: string) => {
      const [found, services] = await app.withClient((client) =>
        Promise.all([client.getNetwork(name), client.listServices({})]),
      );
      printJson(app.stdout, toNetworkDetailJson(found, services));
    });
}
