// Reads the docker CLI's golden outputs from the shared corpus beside the repository (never copied in).
import { readFileSync } from 'node:fs';
import path from 'node:path';

const GOLDEN_DIR = path.resolve(__dirname, '../../../../../shared/compose-corpus/cli-output-golden');

/** The golden file's lines, without the final newline. */
export function goldenLines(name: string): string[] {
  return readFileSync(path.join(GOLDEN_DIR, `${name}.golden`), 'utf8')
    .replace(/\n$/, '')
    .split('\n');
}
