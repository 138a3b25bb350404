// Checks a stack file tree against a Shape. Two passes: `checkTypes` runs on each file on its own (types,
// allowed keys for the file's version, value formats; warns about keys Shoal ignores) and returns the tree
// with invalid values dropped and substituted strings turned into the numbers or booleans expected;
// `checkRules` runs on the merged tree (options that exclude each other may come from different files).
import type { SpecIssue } from '../../proto/errors';
import { describe, type Shape } from './shape';
import { indexPath, issueAt, keyPath, warningAt, type ScalarValue, type YEntry, type YNode } from './yaml-tree';

export interface TypeCheck {
  /** The tree without the values that had issues; undefined when the root itself is wrong. */
  node: YNode | undefined;
  issues: SpecIssue[];
  warnings: string[];
}

const TRUE_WORDS = ['true', 'yes', 'on', 'y'];
const FALSE_WORDS = ['false', 'no', 'off', 'n'];

/** The value `node` holds as this scalar shape, converting substituted strings; undefined if it does not fit. */
function scalarFit(node: YNode, shape: Shape): { value: ScalarValue } | undefined {
  if (node.kind !== 'scalar') return undefined;
  const v = node.value;
  const text = typeof v === 'string' && node.interpolated ? v.trim() : undefined;
  switch (shape.type) {
    case 'string':
      return typeof v === 'string' ? { value: v } : undefined;
    case 'null':
      return v === null ? { value: null } : undefined;
    case 'boolean':
      if (typeof v === 'boolean') return { value: v };
      if (text === undefined) return undefined;
      if (TRUE_WORDS.includes(text.toLowerCase())) return { value: true };
      return FALSE_WORDS.includes(text.toLowerCase()) ? { value: false } : undefined;
    case 'integer':
    case 'number': {
      const n =
        typeof v === 'number'
          ? v
          : text !== undefined && text !== '' && Number.isFinite(Number(text))
            ? Number(text)
            : undefined;
      return n !== undefined && (shape.type === 'number' || Number.isInteger(n)) ? { value: n } : undefined;
    }
    default:
      return undefined;
  }
}

function fits(node: YNode, shape: Shape): boolean {
  switch (shape.type) {
    case 'any':
      return true;
    case 'list':
      return node.kind === 'seq';
    case 'dict':
    case 'section':
      return node.kind === 'map';
    case 'oneOf':
      return shape.options.some((o) => fits(node, o));
    case 'normalized':
      return fits(node, shape.inner);
    default:
      return scalarFit(node, shape) !== undefined;
  }
}

/** The option of a oneOf (or the shape itself) that describes this node, if any. */
function pick(node: YNode, shape: Shape): Shape | undefined {
  if (shape.type !== 'oneOf') return fits(node, shape) ? shape : undefined;
  for (const o of shape.options) {
    const p = pick(node, o);
    if (p) return p;
  }
  return undefined;
}

class TypeChecker {
  readonly issues: SpecIssue[] = [];
  readonly warnings: string[] = [];
  constructor(private readonly minor: number) {}

  check(node: YNode, shape: Shape, path: string, warn: boolean): YNode | undefined {
    const s = pick(node, shape);
    if (!s) {
      this.issues.push(issueAt(node.pos, path, `must be ${describe(shape)}`));
      return undefined;
    }
    switch (s.type) {
      case 'any':
        return node;
      case 'normalized': {
        const checked = this.check(node, s.inner, path, warn);
        if (!checked) return undefined;
        const out = s.normalize(checked, path);
        if (warn) this.warnings.push(...out.warnings);
        return out.node;
      }
      case 'list': {
        const items = (node as Extract<YNode, { kind: 'seq' }>).items;
        const kept = items
          .map((item, i) => this.check(item, s.items, indexPath(path, i), warn))
          .filter((n): n is YNode => n !== undefined);
        return { ...node, kind: 'seq', items: kept } as YNode;
      }
      case 'dict':
      case 'section':
        return this.checkMap(node as Extract<YNode, { kind: 'map' }>, s, path, warn);
      default:
        return this.checkScalar(node, s, path);
    }
  }

  private checkScalar(node: YNode, shape: Shape, path: string): YNode | undefined {
    const { value } = scalarFit(node, shape)!;
    let problem: string | undefined;
    if (shape.type === 'string' && shape.check && typeof value === 'string') problem = shape.check(value);
    if ((shape.type === 'integer' || shape.type === 'number') && typeof value === 'number') {
      if (shape.min !== undefined && value < shape.min)
        problem = `must be greater than or equal to ${shape.min} (got ${value})`;
      if (shape.max !== undefined && value > shape.max)
        problem = `must be less than or equal to ${shape.max} (got ${value})`;
    }
    if (problem) {
      this.issues.push(issueAt(node.pos, path, problem));
      return undefined;
    }
    return { kind: 'scalar', value, pos: node.pos };
  }

  private checkMap(
    node: Extract<YNode, { kind: 'map' }>,
    shape: Extract<Shape, { type: 'dict' | 'section' }>,
    path: string,
    warn: boolean,
  ): YNode {
    const kept: YEntry[] = [];
    for (const e of node.entries) {
      const at = keyPath(path, e.key);
      if (shape.type === 'dict') {
        const keyProblem = shape.keyCheck?.(e.key);
        if (keyProblem) this.issues.push(issueAt(e.keyPos, at, keyProblem));
        const value = this.check(e.value, shape.values, at, warn);
        if (value && !keyProblem) kept.push({ ...e, value });
        continue;
      }
      if (e.key.startsWith('x-')) {
        kept.push(e);
        continue;
      }
      const field = shape.fields[e.key];
      if (!field) {
        const hint = shape.forbidden?.[e.key];
        this.issues.push(
          issueAt(
            e.keyPos,
            at,
            hint ? `${e.key} is forbidden: ${hint}` : `Additional property ${e.key} is not allowed`,
          ),
        );
        continue;
      }
      if (field.since !== undefined && field.since > this.minor) {
        this.issues.push(
          issueAt(
            e.keyPos,
            at,
            `Additional property ${e.key} is not allowed in version 3.${this.minor} ` +
              `(it needs 3.${field.since} or newer)`,
          ),
        );
        continue;
      }
      if (field.unsupported && warn) this.warnings.push(warningAt(e.keyPos, at, 'not supported by Shoal; ignored'));
      const value = this.check(e.value, field.shape, at, warn && !field.unsupported);
      if (value) kept.push({ ...e, value });
    }
    for (const key of shape.type === 'section' ? (shape.required ?? []) : []) {
      if (!node.entries.some((e) => e.key === key)) this.issues.push(issueAt(node.pos, path, `${key} is required`));
    }
    return { ...node, entries: kept };
  }
}

export function checkTypes(root: YNode, shape: Shape, minor: number): TypeCheck {
  const checker = new TypeChecker(minor);
  const node = checker.check(root, shape, '', true);
  return { node, issues: checker.issues, warnings: checker.warnings };
}

/** The rules of every section in a tree that already passed `checkTypes`. */
export function checkRules(node: YNode, shape: Shape, path = ''): SpecIssue[] {
  const s = pick(node, shape);
  if (!s) return [];
  if (s.type === 'normalized') return checkRules(node, s.inner, path);
  if (s.type === 'list' && node.kind === 'seq')
    return node.items.flatMap((item, i) => checkRules(item, s.items, indexPath(path, i)));
  if (node.kind !== 'map') return [];
  if (s.type === 'dict') return node.entries.flatMap((e) => checkRules(e.value, s.values, keyPath(path, e.key)));
  if (s.type !== 'section') return [];
  const issues = (s.rules ?? []).flatMap((rule) =>
    rule(node).map((v) => {
      const e = node.entries.find((x) => x.key === v.key);
      return e ? issueAt(e.keyPos, keyPath(path, v.key), v.message) : issueAt(node.pos, path, v.message);
    }),
  );
  for (const e of node.entries) {
    const field = s.fields[e.key];
    if (field) issues.push(...checkRules(e.value, field.shape, keyPath(path, e.key)));
  }
  return issues;
}
