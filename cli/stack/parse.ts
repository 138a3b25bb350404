// YAML text to a positioned tree. Aliases are resolved and `<<` merge keys applied; keys that are not
// strings, and YAML syntax errors, become issues at the parser's position.
import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { SpecIssue } from '../../proto/errors';
import { indexPath, issueAt, keyPath, type Pos, type YEntry, type YNode } from './yaml-tree';

export interface ParsedFile {
  root: YNode | undefined;
  issues: SpecIssue[];
}

class TreeBuilder {
  readonly issues: SpecIssue[] = [];
  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  pos(node: YamlNode | null | undefined): Pos {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  build(node: unknown, path: string, at: Pos): YNode {
    if (isAlias(node)) return this.build(node.resolve(this.doc), path, this.pos(node));
    if (isMap(node)) return { kind: 'map', entries: this.entries(node.items, path), pos: this.pos(node) };
    if (isSeq(node))
      return {
        kind: 'seq',
        items: node.items.map((n, i) => this.build(n, indexPath(path, i), at)),
        pos: this.pos(node),
      };
    if (isScalar(node)) {
      const v = node.value;
      // Any other scalar (a YAML 1.1 !!timestamp or !!binary) as String() writes it.
      const value =
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? v
          : v === null || v === undefined
            ? null
            : // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any other scalar: see above
              String(v);
      return { kind: 'scalar', value, pos: this.pos(node) };
    }
    return { kind: 'scalar', value: null, pos: at };
  }

  private entries(pairs: readonly { key: unknown; value: unknown }[], path: string): YEntry[] {
    const out: YEntry[] = [];
    const merged: YEntry[] = [];
    for (const pair of pairs) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === 'symbol') {
        merged.push(...this.mergeSources(pair.value, path));
        continue;
      }
      const keyPos = isScalar(key) || isMap(key) || isSeq(key) || isAlias(key) ? this.pos(key) : this.pos(undefined);
      if (!isScalar(key) || typeof key.value !== 'string') {
        const shown = isScalar(key) ? String(key.value) : 'a collection';
        this.issues.push(issueAt(keyPos, path, `non-string key in ${path || 'top level'}: ${shown}`));
        continue;
      }
      out.push({ key: key.value, keyPos, value: this.build(pair.value, keyPath(path, key.value), keyPos) });
    }
    // Keys written in the map win over keys brought in by `<<`.
    for (const m of merged) if (!out.some((e) => e.key === m.key)) out.push(m);
    return out;
  }

  private mergeSources(value: unknown, path: string): YEntry[] {
    const sources = isSeq(value) ? value.items : [value];
    const out: YEntry[] = [];
    for (const source of sources) {
      const node = isAlias(source) ? source.resolve(this.doc) : source;
      if (!isMap(node)) {
        this.issues.push(issueAt(this.pos(source as YamlNode), path, 'a "<<" merge key must name a mapping'));
        continue;
      }
      for (const e of this.entries(node.items, path)) if (!out.some((o) => o.key === e.key)) out.push(e);
    }
    return out;
  }
}

export function parseYaml(file: string, content: string): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(content, { lineCounter: lines, merge: true, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      root: undefined,
      issues: doc.errors.map((e) => {
        const at = e.linePos?.[0] ?? { line: 0, col: 0 };
        return {
          file,
          line: at.line,
          column: at.col,
          path: '',
          message: `invalid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
        };
      }),
    };
  }
  const builder = new TreeBuilder(file, doc, lines);
  const root = builder.build(doc.contents, '', { file, line: 1, column: 1 });
  return { root, issues: builder.issues };
}
