// `shoal stack deploy -c FILE... NAME`: sends the converted stack to the manager, prints what
// changed, and waits for the services to converge (their rolling updates to complete) unless
// --detach; exits 1 when an update was rolled back or paused.
import type { Command } from 'commander';
import { renderChanges } from '../render/changes';
import { addWaitOptions, printLines, type CliApp } from './app';
import { addComposeFileOption, loadStackFiles } from './stack-config';
import { waitConverged } from './wait-converged';

interface DeployOptions {
  composeFile: string[];
  prune: boolean;
  detach: boolean;
  timeout: string;
}

export function register(stack: Command, app: CliApp): void {
  addWaitOptions(addComposeFileOption(stack.command('deploy')))
    .description('deploy a new stack or update an existing one')
    .argument('<stack>', 'stack name')
    .option('--no-prune', 'keep services that are no longer in the stack file')
    .action(async (name: string, opts: DeployOptions) => {
      const { parseDuration } = await import('./parse-args');
      const timeoutMs = parseDuration(opts.timeout, '--timeout');
      const { stack } = await loadStackFiles(app, name, opts.composeFile);
      await app.withClient(async (client) => {
        const res = await client.deployStack({ stack, prune: opts.prune });
        printLines(app.stdout, renderChanges(res.changes));
        printLines(
          app.stderr,
          res.warnings.map((w) => `warning: ${w}`),
        );
        if (opts.detach) return;
        const services = stack.services.map((s) => s.name);
        const changes = new Map(
          res.changes.filter((c) => c.change === 'updated').map((c) => [c.service, 'update' as const]),
        );
        await waitConverged(app.stdout, client, services, { timeoutMs, timeoutText: opts.timeout, changes });
      });
    });
}
