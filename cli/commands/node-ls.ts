// `shoal node ls`.
import type { Command } from 'commander';
import { renderNodeTable, sortNodes, toNodeJson } from '../render/nodes';
import { addListOptions, printJson, printLines, type CliApp, type ListOptions } from './app';

export function register(node: Command, app: CliApp): void {
  addListOptions(node.command('ls').alias('list'), 'node ids')
    .description('list nodes')
    .action(async (opts: ListOptions) => {
      const nodes = await app.withClient((client) => client.listNodes());
      if (opts.format === 'json') printJson(app.stdout, sortNodes(nodes.map(toNodeJson)));
      else printLines(app.stdout, renderNodeTable(nodes, { ...opts, noTrunc: !opts.trunc }));
    });
}
