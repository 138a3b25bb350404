// Variable substitution in stack file values, as Compose does it: $VAR, ${VAR}, ${VAR:-default},
// ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+replacement}, ${VAR+replacement}, and $$ for a literal $.
// Defaults and replacements may themselves contain substitutions.
import type { SpecIssue } from '../../proto/errors';
import { indexPath, issueAt, keyPath, type Pos, type YNode } from './yaml-tree';

export type Env = Readonly<Record<string, string | undefined>>;

export type Interpolated =
  | { ok: true; value: string; /** variables used without a default that were not set */ unset: string[] }
  | { ok: false; error: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/;

/** Index of the "}" closing the "${" that starts at `open`, or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

export function interpolate(text: string, env: Env): Interpolated {
  let out = '';
  const unset: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    if (next === '{') {
      const close = closingBrace(text, i);
      if (close < 0)
        return { ok: false, error: `invalid interpolation format in ${JSON.stringify(text)}: unterminated "\${"` };
      const inner = text.slice(i + 2, close);
      const expanded = expandBraced(inner, env);
      if (!expanded.ok) return expanded;
      out += expanded.value;
      unset.push(...expanded.unset);
      i = close;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1));
    if (!name) {
      return {
        ok: false,
        error: `invalid interpolation format in ${JSON.stringify(text)}: write "$$" for a literal "$"`,
      };
    }
    const value = env[name[0]];
    if (value === undefined) unset.push(name[0]);
    out += value ?? '';
    i += name[0].length;
  }
  return { ok: true, value: out, unset };
}

function expandBraced(inner: string, env: Env): Interpolated {
  const m = BRACED.exec(inner);
  if (!m) return { ok: false, error: `invalid interpolation format: "\${${inner}}"` };
  const [, name, op, arg = ''] = m;
  const value = env[name!];
  if (op === undefined) return { ok: true, value: value ?? '', unset: value === undefined ? [name!] : [] };
  const missing = op.startsWith(':') ? value === undefined || value === '' : value === undefined;
  switch (op.replace(':', '')) {
    case '-':
      return missing ? interpolate(arg, env) : { ok: true, value: value!, unset: [] };
    case '+':
      return missing ? { ok: true, value: '', unset: [] } : interpolate(arg, env);
    default: {
      if (!missing) return { ok: true, value: value!, unset: [] };
      const message = interpolate(arg, env);
      const why =
        message.ok && message.value !== ''
          ? message.value
          : `variable ${name} is ${value === undefined ? 'not set' : 'empty'}`;
      return { ok: false, error: `required variable ${name} is missing a value: ${why}` };
    }
  }
}

export interface InterpolatedTree {
  node: YNode;
  issues: SpecIssue[];
  /** Variables used without a default that were not set, each with the first place it was used. */
  unset: Map<string, { pos: Pos; path: string }>;
}

/** Substitutes variables in every string value of a tree (keys are left alone). */
export function interpolateTree(root: YNode, env: Env): InterpolatedTree {
  const issues: SpecIssue[] = [];
  const unset = new Map<string, { pos: Pos; path: string }>();
  const walk = (node: YNode, path: string): YNode => {
    switch (node.kind) {
      case 'map':
        return { ...node, entries: node.entries.map((e) => ({ ...e, value: walk(e.value, keyPath(path, e.key)) })) };
      case 'seq':
        return { ...node, items: node.items.map((item, i) => walk(item, indexPath(path, i))) };
      case 'scalar': {
        if (typeof node.value !== 'string' || !node.value.includes('$')) return node;
        const out = interpolate(node.value, env);
        if (!out.ok) {
          issues.push(issueAt(node.pos, path, out.error));
          return node;
        }
        for (const name of out.unset) if (!unset.has(name)) unset.set(name, { pos: node.pos, path });
        return { ...node, value: out.value, interpolated: true };
      }
    }
  };
  return { node: walk(root, ''), issues, unset };
}
