// Every stack file from the docker CLI's loader tests: the valid ones load, the invalid ones are rejected
// with an issue naming the key or path Docker's own error names.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidSpecError, formatIssue } from '../../../../proto/errors';
import { loadStack } from '../../../../cli/stack/load';

const CORPUS = path.resolve(__dirname, '../../../..', '../shared/compose-corpus');
const FIXTURES = path.join(CORPUS, 'fixtures');

interface Row {
  file: string;
  expect: string;
}

const rows: Row[] = fs
  .readFileSync(path.join(FIXTURES, 'INDEX.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const cols = l.split('\t');
    return { file: cols[0]!, expect: cols[4]! };
  });

/** Docker writes list indexes as ".0" in schema errors and "[0]" elsewhere; compare both as ".0". */
const normalizePath = (s: string): string => s.replace(/\[(\d+)\]/g, '.$1');

/** Messages that name no key path, with what Shoal's issues must name instead (one list per issue). */
const KEYS_FOR: Record<string, string[][]> = {
  '&ForbiddenPropertiesError{}': [
    ['services.foo.volume_driver', 'forbidden'],
    ['services.bar.extends', 'forbidden'],
  ],
  'invalid mount config for type "bind": field Source must not be empty': [
    ['services.tmpfs.volumes.0', 'Source must not be empty'],
  ],
};

/**
 * What the issues must name for a rejected fixture, derived from Docker's message: one list of strings
 * per expected issue, each list found in a single issue's "file:line:column: path: message" text.
 */
function needles(message: string): string[][] {
  const [text, object] = message.split(' | ') as [string, string | undefined];
  if (KEYS_FOR[text]) return KEYS_FOR[text];
  const conflict = /^conflicting parameters "(\w+)" and "(\w+)"/.exec(text);
  if (conflict) return [[`${object}.${conflict[2]}`, conflict[1]!, 'conflicting parameters']];
  if (text.includes('external.name')) return [[`${object}.external`, 'external.name', 'conflict']];
  const nonString = /^non-string key (?:at top level|in (\S+)): (\S+)$/.exec(text);
  if (nonString) return [[normalizePath(nonString[1] ?? 'non-string key'), nonString[2]!]];
  const additional = /^(?:(\S+) )?(Additional property \S+ is not allowed)$/.exec(text);
  if (additional) return [[normalizePath(additional[1] ?? ''), additional[2]!]];
  const mustBe = /^(\S+) [Mm]ust be/.exec(text);
  if (mustBe) return [[normalizePath(mustBe[1]!), 'must be']];
  return [[text]];
}

describe('docker CLI loader fixtures', () => {
  it('index lists every fixture file', () => {
    const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
    expect(rows.map((r) => r.file).sort()).toEqual(files.sort());
  });

  it.each(rows.filter((r) => r.expect === 'valid'))('$file loads', ({ file }) => {
    const content = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    const loaded = loadStack('fixture', [{ path: file, content }], { HOME: '/home/user' });
    expect(loaded.stack.name).toBe('fixture');
  });

  it.each(rows.filter((r) => r.expect.startsWith('INVALID: ')))(
    '$file is rejected: $expect',
    ({ file, expect: expected }) => {
      const content = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
      let error: unknown;
      try {
        loadStack('fixture', [{ path: file, content }], {});
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidSpecError);
      const issues = (error as InvalidSpecError).issues;
      const texts = issues.map((i) => normalizePath(formatIssue(i)));
      for (const wanted of needles(expected.slice('INVALID: '.length))) {
        expect(
          texts.some((t) => wanted.every((n) => t.includes(n))),
          `${texts.join('\n')}\nnames none of ${JSON.stringify(wanted)}`,
        ).toBe(true);
      }
      for (const i of issues) {
        expect(i.file).toBe(file);
        expect(i.line).toBeGreaterThan(0);
        expect(i.column).toBeGreaterThan(0);
      }
    },
  );
});
