// `shoal stack deploy -c file...` and `shoal stack config`: stack files to a StackSpec, pure. The CLI reads
// the files and its environment and passes them in. Each file is parsed, substituted, type-checked and
// normalized on its own, then the files are merged, and the merged stack is checked and converted.
import { InvalidSpecError, type SpecIssue } from '../../proto/errors';
import { stackNameProblem } from '../../domain/limits';
import type { StackSpec } from '../../proto/types';
import { COMPOSE_FILE, NEWEST_MINOR } from './compose-schema';
import { toStackSpec } from './convert';
import { interpolateTree, type Env } from './interpolate';
import { mergeFiles } from './merge';
import { resolveEnvironment } from './normalize';
import { parseYaml } from './parse';
import { checkRules, checkTypes } from './validate';
import { entry, issueAt, toPlain, warningAt, type YNode } from './yaml-tree';

export interface StackFile {
  /** As the user typed it; used in messages. */
  path: string;
  content: string;
}

export interface LoadedStack {
  stack: StackSpec;
  /** The merged, substituted and normalized Compose document, for `shoal stack config`. */
  config: Record<string, unknown>;
  /** One line per key Shoal ignores or value it cannot honour, naming file:line:column and the key path. */
  warnings: string[];
}

const VERSION_3 = /^3(?:\.(\d+))?$/;

type FileVersion = { ok: true; minor: number; stated: boolean } | { ok: false; issue: SpecIssue };

/** The schema minor version a file asks for: "3", "" or no version at all mean the newest. */
export function fileVersion(root: YNode): FileVersion {
  const e = root.kind === 'map' ? entry(root, 'version') : undefined;
  if (!e) return { ok: true, minor: NEWEST_MINOR, stated: false };
  const v = e.value;
  if (v.kind !== 'scalar' || typeof v.value !== 'string') {
    return { ok: false, issue: issueAt(v.pos, 'version', 'version must be a string, e.g. version: "3.8"') };
  }
  if (v.value === '') return { ok: true, minor: NEWEST_MINOR, stated: false };
  const m = VERSION_3.exec(v.value);
  const minor = m ? (m[1] === undefined ? NEWEST_MINOR : Number(m[1])) : undefined;
  if (minor === undefined || minor > NEWEST_MINOR) {
    return {
      ok: false,
      issue: issueAt(
        v.pos,
        'version',
        `unsupported Compose file version: ${v.value} (Shoal reads version 3.0 to 3.${NEWEST_MINOR})`,
      ),
    };
  }
  return { ok: true, minor, stated: true };
}

interface FileResult {
  root: YNode | undefined;
  issues: SpecIssue[];
  warnings: string[];
  version?: { minor: number; file: string; node: YNode };
}

function loadFile(file: StackFile, env: Env): FileResult {
  const parsed = parseYaml(file.path, file.content);
  if (!parsed.root) return { root: undefined, issues: parsed.issues, warnings: [] };
  if (parsed.root.kind !== 'map') {
    return {
      root: undefined,
      issues: [...parsed.issues, issueAt(parsed.root.pos, '', 'Top-level object must be a mapping')],
      warnings: [],
    };
  }
  const version = fileVersion(parsed.root);
  if (!version.ok) return { root: undefined, issues: [...parsed.issues, version.issue], warnings: [] };
  const substituted = interpolateTree(parsed.root, env);
  const checked = checkTypes(substituted.node, COMPOSE_FILE, version.minor);
  const unset = [...substituted.unset].map(([name, at]) =>
    warningAt(at.pos, at.path, `variable ${name} is not set; substituting an empty string`),
  );
  return {
    root: checked.node,
    issues: [...parsed.issues, ...substituted.issues, ...checked.issues],
    warnings: [...unset, ...checked.warnings],
    version: version.stated
      ? { minor: version.minor, file: file.path, node: entry(parsed.root, 'version')!.value }
      : undefined,
  };
}

export function loadStack(name: string, files: readonly StackFile[], env: Env): LoadedStack {
  const issues: SpecIssue[] = [];
  const warnings: string[] = [];
  const badName = stackNameProblem(name);
  if (badName) issues.push({ file: '', path: '', message: badName });
  if (files.length === 0) issues.push({ file: '', path: '', message: 'no stack file given' });
  const roots: YNode[] = [];
  let firstVersion: FileResult['version'];
  for (const file of files) {
    const result = loadFile(file, env);
    issues.push(...result.issues);
    warnings.push(...result.warnings);
    if (result.root) roots.push(result.root);
    if (result.version && firstVersion && result.version.minor !== firstVersion.minor) {
      issues.push(
        issueAt(
          result.version.node.pos,
          'version',
          `version 3.${result.version.minor} differs from version 3.${firstVersion.minor} of ${firstVersion.file}`,
        ),
      );
    }
    firstVersion ??= result.version;
  }
  const merged = mergeFiles(roots);
  if (!merged) throw new InvalidSpecError(issues);
  const root = resolveEnvironment(merged, env);
  const converted = toStackSpec(name, root);
  // A value dropped for an issue of its own would be reported again as missing: one issue per key path.
  const reported = new Set(issues.map((i) => i.path));
  issues.push(...[...checkRules(root, COMPOSE_FILE), ...converted.issues].filter((i) => !reported.has(i.path)));
  if (issues.length > 0) throw new InvalidSpecError(sortIssues(issues, files));
  return {
    stack: converted.stack,
    config: toPlain(root) as Record<string, unknown>,
    warnings: [...warnings, ...converted.warnings],
  };
}

/** File by file in the order given, then by position. */
function sortIssues(issues: SpecIssue[], files: readonly StackFile[]): SpecIssue[] {
  const order = (i: SpecIssue): number => (i.file ? files.findIndex((f) => f.path === i.file) : -1);
  return [...issues].sort(
    (a, b) => order(a) - order(b) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}
