// `shoal service scale SERVICE=REPLICAS...`: sets replica counts and waits for them unless --detach.
import type { Command } from 'commander';
import { addWaitOptions, printLines, type CliApp } from './app';
import { waitConverged } from './wait-converged';

interface ScaleOptions {
  detach: boolean;
  timeout: string;
}

export function register(service: Command, app: CliApp): void {
  addWaitOptions(service.command('scale'))
    .description('scale one or more replicated services')
    .argument('<service=replicas...>', 'e.g. web=3')
    .action(async (args: string[], opts: ScaleOptions) => {
      const { parseDuration, parseScaleSpec } = await import('./parse-args');
      const entries = args.map(parseScaleSpec);
      const timeoutMs = parseDuration(opts.timeout, '--timeout');
      await app.withClient(async (client) => {
        const services = await client.scaleServices({ entries });
        printLines(
          app.stdout,
          services.map((s, i) => `${s} scaled to ${entries[i].replicas}`),
        );
        if (opts.detach) return;
        await waitConverged(app.stdout, client, services, { timeoutMs, timeoutText: opts.timeout });
      });
    });
}
