// `shoal service update [--image I] [--env-add K=V...] [--replicas N] [--force] [--rollback] [--rebalance] SERVICE`:
// changes a service, which the manager rolls out per its update_config, and unless --detach follows
// the update until it completes; exits 1 when it was paused or rolled back.
import type { Command } from 'commander';
import type { UpdateServiceRequest } from '../../proto/generated/shoal/v1/UpdateServiceRequest';
import { renderChanges } from '../render/changes';
import type { StartedChange } from '../render/progress';
import { addWaitOptions, collect, printLines, type CliApp } from './app';
import { waitConverged } from './wait-converged';

interface UpdateOptions {
  image?: string;
  envAdd: string[];
  replicas?: string;
  force: boolean;
  rollback: boolean;
  rebalance: boolean;
  detach: boolean;
  timeout: string;
}

/** Which changes the wait judges: an update must complete, a rollback must too; a scale is only waited for. */
const STARTED: Readonly<Record<string, StartedChange>> = { updated: 'update', rolled_back: 'rollback' };

/** Sends the update, prints what changed, and follows it unless --detach (shared with `service rollback`). */
export async function runServiceUpdate(
  app: CliApp,
  req: UpdateServiceRequest,
  opts: Pick<UpdateOptions, 'detach' | 'timeout'>,
): Promise<void> {
  const { parseDuration } = await import('./parse-args');
  const timeoutMs = parseDuration(opts.timeout, '--timeout');
  await app.withClient(async (client) => {
    const res = await client.updateService(req);
    printLines(app.stdout, renderChanges([res]));
    if (opts.detach) return;
    const started = STARTED[res.change];
    const changes = new Map(started ? [[res.service, started]] : []);
    await waitConverged(app.stdout, client, [res.service], { timeoutMs, timeoutText: opts.timeout, changes });
  });
}

export function register(service: Command, app: CliApp): void {
  addWaitOptions(service.command('update'))
    .description('update a service: rolled out per its update_config; waits until the update completes')
    .argument('<service>', 'service name (full, or short where unambiguous) or id')
    .option('--image <image>', 'a new image')
    .option('--env-add <key=value>', 'add or change an environment variable (repeatable)', collect, [])
    .option('--replicas <n>', 'number of tasks')
    .option('--force', 'replace every task, rolling, even when nothing else changes', false)
    .option('--rollback', 'switch back to the previous spec (same as `shoal service rollback`)', false)
    .option('--rebalance', "even the service's tasks across nodes, moving one at a time, start-first", false)
    .action(async (name: string, opts: UpdateOptions) => {
      const { parseEnvAdd, parseImage, parseReplicas } = await import('./parse-args');
      const req: UpdateServiceRequest = {
        service: name,
        image: opts.image === undefined ? '' : parseImage(opts.image),
        envAdd: opts.envAdd.map(parseEnvAdd),
        force: opts.force,
        rollback: opts.rollback,
        rebalance: opts.rebalance,
        ...(opts.replicas !== undefined && { replicas: parseReplicas(opts.replicas) }),
      };
      await runServiceUpdate(app, req, opts);
    });
}
