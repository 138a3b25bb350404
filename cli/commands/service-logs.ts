// `shoal service logs [-f] [--tail N] [--since T] [-t] [--no-trunc] SERVICE`: the logs of every task
// of the service on every node, read by the agents and relayed by the manager, each line prefixed
// with its task and node. Lines a container wrote to stderr go to stderr; so do notices about nodes
// whose logs cannot be read.
import type { Command } from 'commander';
import type { ServiceLogsMessage__Output } from '../../proto/generated/shoal/v1/ServiceLogsMessage';
import { renderLogLine, type LogLineOptions } from '../render/logs';
import type { CliApp } from './app';

interface LogsOptions {
  follow: boolean;
  tail: string;
  since?: string;
  timestamps: boolean;
  trunc: boolean;
}

/** One message's lines, to stdout or stderr as the container wrote them, in one write each. */
function print(app: CliApp, m: ServiceLogsMessage__Output, opts: LogLineOptions): void {
  let out = '';
  let err = '';
  for (const l of m.lines) {
    const text = `${renderLogLine(l, opts)}\n`;
    if (l.line?.stream === 'stderr') err += text;
    else out += text;
  }
  if (m.notice) err += `${m.notice}\n`;
  if (out) app.stdout.write(out);
  if (err) app.stderr.write(err);
}

export function register(service: Command, app: CliApp): void {
  service
    .command('logs')
    .description('show the logs of every task of a service, from every node')
    .argument('<service>', 'service name (full, or short where unambiguous) or id')
    .option('-f, --follow', 'keep printing new lines, and those of tasks that start later', false)
    .option('-n, --tail <lines>', 'lines to show from the end of each task\'s log, or "all"', 'all')
    .option(
      '--since <time>',
      'only lines since a time (2026-11-24T08:00:00Z) or for a duration back from now (10m, 1h30m)',
    )
    .option('-t, --timestamps', 'show the time the engine received each line', false)
    .option('--no-trunc', 'do not truncate task ids')
    .action(async (name: string, opts: LogsOptions) => {
      const { parseTail, parseTime } = await import('./parse-args');
      const tail = parseTail(opts.tail);
      const since = opts.since === undefined ? 0 : parseTime(opts.since, '--since', Date.now());
      const lineOptions: LogLineOptions = { noTrunc: !opts.trunc, timestamps: opts.timestamps };
      await app.withClient(
        (client) =>
          new Promise<void>((resolve, reject) => {
            client.serviceLogs(
              { service: name, follow: opts.follow, tail, since },
              { onMessage: (m) => print(app, m, lineOptions), onError: reject, onEnd: resolve },
            );
          }),
      );
    });
}
