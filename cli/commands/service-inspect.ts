// `shoal service inspect SERVICE`: one service as JSON.
import type { Command } from 'commander';
import { toServiceDetailJson } from '../render/services';
import { addInspectFormat, printJson, type CliApp } from './app';

export function register(service: Command, app: CliApp): void {
  addInspectFormat(service.command('inspect'))
    .description('show a service in detail, as JSON')
    .argument('<service>', 'service name (full, or short where unambiguous) or id')
    .action(async (name: string) => {
      const view = await app.withClient((client) => client.getService(name));
      printJson(app.stdout, toServiceDetailJson(view));
    });
}
