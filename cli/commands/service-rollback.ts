// `shoal service rollback SERVICE`: switches a service back to its previous spec, rolled out per its
// rollback_config, and unless --detach waits until the rollback completes.
import type { Command } from 'commander';
import { addWaitOptions, type CliApp } from './app';
import { runServiceUpdate } from './service-update';

interface RollbackOptions {
  detach: boolean;
  timeout: string;
}

export function register(service: Command, app: CliApp): void {
  addWaitOptions(service.command('rollback'))
    .description('revert a service to its previous spec')
    .argument('<service>', 'service name (full, or short where unambiguous) or id')
    .action(async (name: string, opts: RollbackOptions) => {
      await runServiceUpdate(app, { service: name, rollback: true }, opts);
    });
}
