// What every command gets from main: where to print, the terminal, the environment, and a client
// for the manager named by the global options. Connecting loads gRPC, so only commands that call
// `withClient` pay for it.
import { Option, type Command } from 'commander';
import type { ShoalClient } from '../client';

export interface Terminal {
  write(text: string): void;
  readonly isTTY: boolean;
  /** Width in characters; 0 when unknown. */
  readonly columns: number;
}

export interface CliApp {
  readonly stdout: Terminal;
  readonly stderr: Terminal;
  readonly env: Record<string, string | undefined>;
  /** Connects to the manager, runs `fn`, and closes the connection. */
  withClient<T>(fn: (client: ShoalClient) => Promise<T>): Promise<T>;
}

export function printLines(term: Terminal, lines: readonly string[]): void {
  if (lines.length) term.write(lines.map((l) => `${l}\n`).join(''));
}

export function printJson(term: Terminal, value: unknown): void {
  term.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Commander's argument parser for a repeatable option: every value, in order. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface ListOptions {
  quiet: boolean;
  format: 'table' | 'json';
  trunc: boolean;
}

/** -q/--quiet, --format table|json and --no-trunc, as on the docker CLI's ls and ps commands. */
export function addListOptions(cmd: Command, quietWhat: string): Command {
  return cmd
    .option('-q, --quiet', `only print ${quietWhat}`, false)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--no-trunc', 'do not truncate ids');
}

/** --format for inspect commands, whose output is always JSON. */
export function addInspectFormat(cmd: Command): Command {
  return cmd.addOption(new Option('--format <format>', 'output format').choices(['json']).default('json'));
}

/** --detach and --timeout for commands that wait for services to converge. */
export function addWaitOptions(cmd: Command): Command {
  return cmd
    .option('-d, --detach', 'exit immediately instead of waiting for the services to converge', false)
    .option('--timeout <duration>', 'how long to wait for the services to converge', '2m');
}
