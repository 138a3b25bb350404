// The loader's YAML limits: alias expansion, nesting depth and file size, each refused with one issue
// naming the file (and the line, where there is one), while ordinary anchors and merge keys still load.
// No timing asserts: a bomb is refused because a limit stops it, and the test would not end otherwise.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStackFile } from '../../../../cli/commands/stack-config';
import { loadStack, type StackFile } from '../../../../cli/stack/load';
import { MAX_ALIAS_VALUES, MAX_NESTING_DEPTH, MAX_STACK_FILE_BYTES } from '../../../../cli/stack/yaml-limits';
import { InvalidSpecError, formatIssue, type SpecIssue } from '../../../../proto/errors';
import { loadIssues, oneFile } from './stack-issues';

function issuesOf(content: string): SpecIssue[] {
  return loadIssues(oneFile(content));
}

const SERVICES = 'services:\n  web:\n    image: busybox\n';
const NESTING = `maps and lists nest deeper than the limit of ${MAX_NESTING_DEPTH} levels`;

/** The classic billion laughs: nine levels of nine aliases each, 10^9 strings, in some 400 bytes. */
const BILLION_LAUGHS =
  'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' +
  ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']
    .map((k, i) => {
      const prev = String.fromCharCode('a'.charCodeAt(0) + i);
      return `x-${k}: &${k} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]\n`;
    })
    .join('') +
  SERVICES;

/** An anchored list that is ten values (itself and nine numbers), and a list to bring it into, one alias a line. */
const TEN_VALUES = 'x-ten: &ten [1, 2, 3, 4, 5, 6, 7, 8, 9]\nx-many:\n';

/** Each anchor holds the one before it in a list: one level more per line, though no line nests. */
const ALIAS_CHAIN =
  'x-a0: &a0 [x]\n' +
  Array.from({ length: MAX_NESTING_DEPTH - 1 }, (_, i) => `x-a${i + 1}: &a${i + 1} [*a${i}]\n`).join('') +
  SERVICES;

/** Maps nested `levels` deep, the top-level mapping being the first. */
const blockNesting = (levels: number) =>
  SERVICES +
  Array.from({ length: levels - 1 }, (_, i) => `${'  '.repeat(i)}${i === 0 ? 'x-deep' : `l${i + 1}`}:\n`).join('') +
  `${'  '.repeat(levels - 1)}leaf: 1\n`;

/** A file of exactly `bytes` bytes (UTF-8), padded with a comment of two-byte characters. */
function fileOfBytes(bytes: number): string {
  const head = `${SERVICES}# `;
  const room = bytes - Buffer.byteLength(head) - 1;
  return `${head}${'é'.repeat(Math.floor(room / 2))}${'x'.repeat(room % 2)}\n`;
}

describe('the YAML limits refuse', () => {
  it.each([
    {
      what: 'a billion-laughs alias bomb, at the alias that goes past the limit',
      content: BILLION_LAUGHS,
      // x-b to x-e add 74,718 values; x-f's first *e adds 66,430 more.
      line: 6,
      column: 10,
      path: 'x-f[0]',
      message: `alias *e expands past the limit: aliases and merge keys may add ${MAX_ALIAS_VALUES} values to a file`,
    },
    {
      what: `the alias that goes past ${MAX_ALIAS_VALUES} values`,
      content: TEN_VALUES + '  - *ten\n'.repeat(MAX_ALIAS_VALUES / 10 + 1) + SERVICES,
      line: MAX_ALIAS_VALUES / 10 + 3,
      column: 5,
      path: `x-many[${MAX_ALIAS_VALUES / 10}]`,
      message: `alias *ten expands past the limit: aliases and merge keys may add ${MAX_ALIAS_VALUES} values to a file`,
    },
    {
      what: 'an alias inside the value it names',
      content: `x-loop: &loop\n  again: *loop\n${SERVICES}`,
      line: 2,
      column: 10,
      path: 'x-loop.again',
      message: 'alias *loop refers to a value that contains it',
    },
    {
      what: 'a merge key that merges the map it is in',
      content: `x-loop: &loop\n  a: 1\n  inner:\n    <<: *loop\n${SERVICES}`,
      line: 4,
      column: 9,
      path: 'x-loop.inner',
      message: 'alias *loop refers to a value that contains it',
    },
    {
      what: 'flow lists nested one level too deep, at the list that is',
      content: `${SERVICES}x-deep: ${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}\n`,
      line: 4,
      column: 8 + MAX_NESTING_DEPTH,
      path: '',
      message: NESTING,
    },
    {
      what: 'block maps nested one level too deep',
      content: blockNesting(MAX_NESTING_DEPTH + 1),
      line: 4 + MAX_NESTING_DEPTH,
      column: 1 + 2 * MAX_NESTING_DEPTH,
      path: '',
      message: NESTING,
    },
    {
      what: 'aliases that nest one level too deep, at the alias written in the file',
      content: ALIAS_CHAIN,
      line: MAX_NESTING_DEPTH,
      column: `x-a${MAX_NESTING_DEPTH - 1}: &a${MAX_NESTING_DEPTH - 1} [`.length + 1,
      path: `x-a${MAX_NESTING_DEPTH - 1}[0]`,
      message: `alias *a${MAX_NESTING_DEPTH - 2} makes ${NESTING}`,
    },
    {
      what: 'a key written twice (checked by the loader, not the yaml library, to stay linear)',
      content: 'services:\n  web:\n    image: x\n    image: y\n',
      line: 4,
      column: 5,
      path: '',
      message: 'invalid YAML: Map keys must be unique',
    },
  ])('$what', ({ content, line, column, path: keyPath, message }) => {
    expect(issuesOf(content)).toEqual([{ file: 'stack.yml', line, column, path: keyPath, message }]);
  });

  it.each([
    ['one byte over the limit', fileOfBytes(MAX_STACK_FILE_BYTES + 1)],
    ['20 MB', `${SERVICES}${'# padding\n'.repeat(2_000_000)}`],
  ])('a file %s, naming the file and the limit', (_what, content) => {
    const issues = issuesOf(content);
    expect(issues).toEqual([
      { file: 'stack.yml', path: '', message: 'stack file is larger than the limit of 1 MiB (1048576 bytes)' },
    ]);
    expect(issues.map(formatIssue)).toEqual([
      'stack.yml: stack file is larger than the limit of 1 MiB (1048576 bytes)',
    ]);
  });
});

describe('within the YAML limits', () => {
  it.each([
    ['nesting at the limit', blockNesting(MAX_NESTING_DEPTH)],
    [
      'flow lists at the limit',
      `${SERVICES}x-deep: ${'['.repeat(MAX_NESTING_DEPTH - 1)}${']'.repeat(MAX_NESTING_DEPTH - 1)}\n`,
    ],
    ['a file of exactly the limit, counted in bytes', fileOfBytes(MAX_STACK_FILE_BYTES)],
    [
      `aliases that add exactly ${MAX_ALIAS_VALUES} values`,
      TEN_VALUES + '  - *ten\n'.repeat(MAX_ALIAS_VALUES / 10) + SERVICES,
    ],
  ])('%s loads', (_what, content) => {
    expect(issuesOf(content)).toEqual([]);
  });

  it('a file with a few anchors and merge keys loads as written', () => {
    const content = [
      'x-env: &env',
      '  TZ: UTC',
      '  LOG_LEVEL: info',
      'x-labels: &labels',
      '  team: blue',
      'x-service: &service',
      '  image: busybox:1.36',
      '  environment: *env',
      '  deploy: &deploy',
      '    replicas: 2',
      '    labels: *labels',
      'services:',
      '  web:',
      '    <<: *service',
      '    command: ["httpd", "-f"]',
      '  worker:',
      '    <<: [*service, {hostname: worker}]',
      '    deploy:',
      '      <<: *deploy',
      '      replicas: 5',
      '  db:',
      '    image: &db-image postgres:16',
      '    labels: {image: *db-image}',
      '',
    ].join('\n');
    const { stack } = loadStack('st', [{ path: 'stack.yml', content }], {});
    const byName = new Map(stack.services.map((s) => [s.name, s]));
    expect(byName.get('st_web')).toMatchObject({
      replicas: 2,
      labels: { team: 'blue' },
      container: { image: 'busybox:1.36', command: ['httpd', '-f'], env: ['LOG_LEVEL=info', 'TZ=UTC'] },
    });
    expect(byName.get('st_worker')).toMatchObject({
      replicas: 5,
      labels: { team: 'blue' },
      container: { image: 'busybox:1.36', hostname: 'worker', env: ['LOG_LEVEL=info', 'TZ=UTC'] },
    });
    expect(byName.get('st_db')?.container).toMatchObject({ image: 'postgres:16', labels: { image: 'postgres:16' } });
  });
});

describe('readStackFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shoal-limits-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const refused = async (file: string): Promise<SpecIssue[]> => {
    const err = await readStackFile(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidSpecError);
    return [...(err as InvalidSpecError).issues];
  };

  it('refuses an endless file after reading one byte past the limit (reading it whole would never end)', async () => {
    expect(await refused('/dev/zero')).toEqual([
      { file: '/dev/zero', path: '', message: 'stack file is larger than the limit of 1 MiB (1048576 bytes)' },
    ]);
  });

  it('refuses a file one byte over the limit, and reads one of exactly the limit', async () => {
    const over = path.join(dir, 'over.yml');
    writeFileSync(over, fileOfBytes(MAX_STACK_FILE_BYTES + 1));
    expect(await refused(over)).toEqual([
      expect.objectContaining({ file: over, message: expect.stringContaining('1 MiB') }),
    ]);
    const at = path.join(dir, 'at.yml');
    writeFileSync(at, fileOfBytes(MAX_STACK_FILE_BYTES));
    const file: StackFile = await readStackFile(at);
    expect(file.content).toBe(fileOfBytes(MAX_STACK_FILE_BYTES));
  });
});
