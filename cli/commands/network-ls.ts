// `shoal network ls`.
import type { Command } from 'commander';
import { renderNetworkTable, sortNetworks, toNetworkJson } from '../render/networks';
import { addListOptions, printJson, printLines, type CliApp, type ListOptions } from './app';

export function register(network: Command, app: CliApp): void {
  addListOptions(network.command('ls').alias('list'), 'network ids')
    .description('list networks')
    .action(async (opts: ListOptions) => {
      const networks = await app.withClient((client) => client.listNetworks());
      if (opts.format === 'json') printJson(app.stdout, sortNetworks(networks.map(toNetworkJson)));
      else printLines(app.stdout, renderNetworkTable(networks, { quiet: opts.quiet, noTrunc: !opts.trunc }));
    });
}
