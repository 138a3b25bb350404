// `shoal events [--since T] [--until T] [--filter k=v...] [--format json]`: cluster events as they
// happen (services, tasks, nodes, networks, stacks), one per line, until Ctrl-C or until --until.
import { Option, type Command } from 'commander';
import type { ClusterEvent } from '../../domain/event-filter';
import { renderEvent, toEventJson } from '../render/events';
import { collect, type CliApp } from './app';

interface EventsOptions {
  since?: string;
  until?: string;
  filter: string[];
  format?: 'json';
}

export function register(program: Command, app: CliApp): void {
  program
    .command('events')
    .description('stream cluster events: services, tasks, nodes, networks and stacks')
    .option('--since <time>', 'first show the events the manager still holds since a time or a duration back (10m)')
    .option('--until <time>', 'stop once this time has passed (a time, or a duration back from now)')
    .option(
      '-f, --filter <key=value>',
      'only events matching: type, event, name, id, service or node (repeatable)',
      collect,
      [],
    )
    .addOption(new Option('--format <format>', 'print each event as one line of JSON').choices(['json']))
    .action(async (opts: EventsOptions) => {
      const { parseTime } = await import('./parse-args');
      const { parseEventFilters } = await import('../../domain/event-filter');
      const now = Date.now();
      const since = opts.since === undefined ? 0 : parseTime(opts.since, '--since', now);
      const until = opts.until === undefined ? 0 : parseTime(opts.until, '--until', now);
      parseEventFilters(opts.filter);
      const render = opts.format === 'json' ? (e: ClusterEvent) => JSON.stringify(toEventJson(e)) : renderEvent;
      await app.withClient(
        (client) =>
          new Promise<void>((resolve, reject) => {
            client.watchEvents(
              { since, until, filters: opts.filter },
              { onMessage: (e) => app.stdout.write(`${render(e)}\n`), onError: reject, onEnd: resolve },
            );
          }),
      );
    });
}
