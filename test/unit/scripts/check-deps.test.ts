import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(__dirname, '../../../scripts/check-deps.js');
const roots: string[] = [];

/** A tree of the given files (path → source) in a temporary folder; the check's output on it. */
function check(files: Record<string, string>): { status: number | null; out: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'shoal-deps-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const r = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('check-deps', () => {
  it('passes a tree whose imports point one way', () => {
    const r = check({
      'proto/types.ts': 'export type Id = string;\n',
      'domain/naming.ts': "import type { Id } from '../proto/types';\nexport const n = (i: Id) => i;\n",
      'manager/main.ts': "import { n } from '../domain/naming';\nn('x');\n",
      'test/unit/main.test.ts': "import '../../manager/main';\n",
    });
    expect(r.out).toContain('one-way, no cycles');
    expect(r.status).toBe(0);
  });

  it('takes an import written inside a string for text, not an import', () => {
    const r = check({ 'cli/main.ts': 'export const example = "import { a } from \'../manager/config\';";\n' });
    expect(r.out).toContain('one-way, no cycles');
    expect(r.status).toBe(0);
  });

  it.each([
    [
      'the agent importing the manager',
      { 'manager/config.ts': 'export const a = 1;\n', 'agent/main.ts': "import { a } from '../manager/config';\n" },
      'agent/main.ts: agent/ may not import manager/',
    ],
    [
      'product code importing test/',
      { 'test/fake.ts': 'export const f = 1;\n', 'cli/main.ts': "import { f } from '../test/fake';\n" },
      'cli/main.ts: cli/ may not import test/',
    ],
    [
      'a benchmark importing test/',
      { 'test/fake.ts': 'export const f = 1;\n', 'bench/run.ts': "import { f } from '../test/fake';\n" },
      'bench/run.ts: bench/ may not import test/',
    ],
    [
      'lib/ importing the domain',
      { 'domain/x.ts': 'export const x = 1;\n', 'lib/loop.ts': "import { x } from '../domain/x';\n" },
      'lib/loop.ts: lib/ may not import domain/',
    ],
    [
      'two modules importing each other (types too)',
      {
        'agent/a.ts': "import type { B } from './b';\nexport type A = B;\n",
        'agent/b.ts': "import type { A } from './a';\nexport type B = A | 1;\n",
      },
      'import cycle: agent/a.ts <-> agent/b.ts',
    ],
    [
      'two subfolders importing each other',
      {
        'agent/net/x.ts': "import { y } from '../run/y';\nexport const x = y;\n",
        'agent/run/y.ts': 'export const y = 1;\n',
        'agent/run/z.ts': "import { x } from '../net/x';\nexport const z = x;\n",
      },
      'folders import each other: agent/net/ <-> agent/run/',
    ],
  ])('fails on %s', (_what, files, message) => {
    const r = check(files);
    expect(r.status).toBe(1);
    expect(r.out).toContain(message);
  });
});
