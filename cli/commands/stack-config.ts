// `shoal stack config -c FILE...`: the merged, interpolated stack file, checked as deploy checks it,
// without contacting a manager.
import { closeSync, openSync, readSync } from 'node:fs';
import type { Command } from 'commander';
import type { LoadedStack, StackFile } from '../stack/load';
import { printLines, type CliApp } from './app';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** -c/--compose-file, repeatable, as on `docker stack deploy`. */
export function addComposeFileOption(cmd: Command): Command {
  return cmd.requiredOption(
    '-c, --compose-file <file>',
    'stack file to read, "-" for stdin (repeat to merge files)',
    collect,
  );
}

/**
 * The file's first `max` + 1 bytes at most (stdin for "-"): enough to tell a file over the limit, whatever
 * its size (or an endless one, like /dev/zero), without reading it whole.
 */
function readAtMost(path: string, max: number): Buffer {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(max + 1);
    let filled = 0;
    while (filled < buf.length) {
      const n = readSync(fd, buf, filled, buf.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    return buf.subarray(0, filled);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** A stack file's text; one over MAX_STACK_FILE_BYTES is refused, naming the file and the limit. */
export async function readStackFile(path: string): Promise<StackFile> {
  const { MAX_STACK_FILE_BYTES, fileTooLarge } = await import('../stack/yaml-limits');
  let bytes: Buffer;
  try {
    bytes = readAtMost(path, MAX_STACK_FILE_BYTES);
  } catch (err) {
    const { InvalidArgumentError } = await import('../../proto/errors');
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new InvalidArgumentError(`cannot read stack file ${path}: ${why}`);
  }
  if (bytes.length > MAX_STACK_FILE_BYTES) {
    const { InvalidSpecError } = await import('../../proto/errors');
    throw new InvalidSpecError([fileTooLarge(path)]);
  }
  return { path, content: bytes.toString('utf8') };
}

/** Reads and converts the stack files, printing the loader's warnings to stderr. */
export async function loadStackFiles(app: CliApp, name: string, paths: readonly string[]): Promise<LoadedStack> {
  const files = await Promise.all(paths.map(readStackFile));
  const { loadStack } = await import('../stack/load');
  const loaded = loadStack(name, files, app.env);
  printLines(
    app.stderr,
    loaded.warnings.map((w) => `warning: ${w}`),
  );
  return loaded;
}

/** The loader needs a stack name to name services; `config` prints none, so any valid name serves. */
const CONFIG_STACK_NAME = 'config';

export function register(stack: Command, app: CliApp): void {
  addComposeFileOption(stack.command('config'))
    .description('print the final stack configuration, after merging and interpolation')
    .action(async (opts: { composeFile: string[] }) => {
      const { config } = await loadStackFiles(app, CONFIG_STACK_NAME, opts.composeFile);
      const { renderStackConfig } = await import('../stack/render-config');
      const text = renderStackConfig(config);
      app.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    });
}
