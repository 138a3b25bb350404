// YAML text to a positioned tree. Aliases are resolved and `<<` merge keys applied; keys that are not
// strings, and YAML syntax errors, become issues at the parser's position.
//
// The limits of yaml-limits.ts are checked on the way, each ending the parse with one issue: the size
// first; the nesting depth while the text is read into the parser's syntax tree (the yaml library's
// composer, and this file's tree builder, recurse once per level: they never see a file nested too
// deep); the values aliases add, and the depth they reach, while the tree is built. The yaml library's
// own alias limit (`maxAliasCount`) applies to `toJS()` only, which this loader does not use: it
// resolves aliases itself, to keep each value's position.
import {
  CST,
  Composer,
  Lexer,
  LineCounter,
  Parser,
  YAMLParseError,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  visit,
  type Alias,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { SpecIssue } from '../../proto/errors';
import { MAX_ALIAS_VALUES, MAX_NESTING_DEPTH, MAX_STACK_FILE_BYTES, fileTooLarge } from './yaml-limits';
import { indexPath, issueAt, keyPath, type Pos, type YEntry, type YNode } from './yaml-tree';

export interface ParsedFile {
  root: YNode | undefined;
  issues: SpecIssue[];
}

/** A limit the file goes over: ends the tree building with this one issue. */
class OverLimit extends Error {
  constructor(readonly issue: SpecIssue) {
    super(issue.message);
  }
}

const nestingMessage = `maps and lists nest deeper than the limit of ${MAX_NESTING_DEPTH} levels`;

/** Each alias with the node it stands for: the last node before it with its anchor, as YAML has it. */
function aliasSources(doc: Document): Map<Alias, YamlNode> {
  const latest = new Map<string, YamlNode>();
  const sources = new Map<Alias, YamlNode>();
  // One walk in document order (an anchored collection comes before what it holds): `Alias.resolve()`
  // walks the whole document for each alias, quadratic in a large file.
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const source = latest.get(node.source);
        if (source) sources.set(node, source);
      } else if (node.anchor) {
        latest.set(node.anchor, node);
      }
    },
  });
  return sources;
}

class TreeBuilder {
  readonly issues: SpecIssue[] = [];
  /**
   * Errors the yaml library would report, and the file is then read no further: a key written twice in a
   * map. (Checked here rather than by the library's `uniqueKeys`, which compares each key with every
   * key before it: 30 s for a 1 MiB map.)
   */
  readonly yamlErrors: SpecIssue[] = [];
  private readonly duplicates = new Set<YamlNode>();
  private readonly sources: Map<Alias, YamlNode>;
  /** The alias written in the file whose value is being built now, if any: where a limit is reported. */
  private expanding: { alias: Alias; path: string } | undefined;
  /** The nodes whose values are being built through an alias, to refuse an alias that contains itself. */
  private readonly within = new Set<YamlNode>();
  /** Values built through aliases so far. */
  private aliasValues = 0;

  constructor(
    private readonly file: string,
    doc: Document,
    private readonly lines: LineCounter,
  ) {
    this.sources = aliasSources(doc);
  }

  pos(node: YamlNode | null | undefined): Pos {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** `depth`: how many maps and lists hold the node, itself included if it is one (the top level is 1). */
  build(node: unknown, path: string, at: Pos, depth: number): YNode {
    if (isAlias(node))
      return this.throughAlias(node, path, (source) => this.build(source, path, this.pos(node), depth));
    if (this.expanding && ++this.aliasValues > MAX_ALIAS_VALUES) {
      throw this.overLimit(
        `expands past the limit: aliases and merge keys may add ${MAX_ALIAS_VALUES} values to a file`,
      );
    }
    if ((isMap(node) || isSeq(node)) && depth > MAX_NESTING_DEPTH) {
      throw this.expanding
        ? this.overLimit(`makes ${nestingMessage}`)
        : new OverLimit(issueAt(this.pos(node), '', nestingMessage));
    }
    if (isMap(node)) return { kind: 'map', entries: this.entries(node.items, path, depth), pos: this.pos(node) };
    if (isSeq(node))
      return {
        kind: 'seq',
        items: node.items.map((n, i) => this.build(n, indexPath(path, i), at, depth + 1)),
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

  /** Builds what an alias stands for; the outermost alias is the one a limit names. */
  private throughAlias<T>(alias: Alias, path: string, build: (source: YamlNode | undefined) => T): T {
    const source = this.sources.get(alias);
    if (!source) return build(undefined); // an unknown anchor: the composer reported it
    const outermost = this.expanding === undefined;
    if (outermost) this.expanding = { alias, path };
    if (this.within.has(source)) throw this.overLimit('refers to a value that contains it');
    this.within.add(source);
    try {
      return build(source);
    } finally {
      this.within.delete(source);
      if (outermost) this.expanding = undefined;
    }
  }

  /** Reported once per key written in the file, not again each time an alias brings its map in. */
  private duplicateKey(key: YamlNode, at: Pos): void {
    if (this.duplicates.has(key)) return;
    this.duplicates.add(key);
    this.yamlErrors.push(issueAt(at, '', 'invalid YAML: Map keys must be unique'));
  }

  private overLimit(message: string): OverLimit {
    const { alias, path } = this.expanding!;
    return new OverLimit(issueAt(this.pos(alias), path, `alias *${alias.source} ${message}`));
  }

  /** A map's entries; `depth` is the map's. */
  private entries(pairs: readonly { key: unknown; value: unknown }[], path: string, depth: number): YEntry[] {
    const out: YEntry[] = [];
    const keys = new Set<string>();
    /** The scalar keys written in this map, as the yaml library compares them (1 and 01 are one key). */
    const written = new Set<unknown>();
    const merged: YEntry[] = [];
    for (const pair of pairs) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === 'symbol') {
        merged.push(...this.mergeSources(pair.value, path, depth));
        continue;
      }
      const keyPos = isScalar(key) || isMap(key) || isSeq(key) || isAlias(key) ? this.pos(key) : this.pos(undefined);
      if (isScalar(key)) {
        if (written.has(key.value)) {
          this.duplicateKey(key, keyPos);
          continue;
        }
        written.add(key.value);
      }
      if (!isScalar(key) || typeof key.value !== 'string') {
        const shown = isScalar(key) ? String(key.value) : 'a collection';
        this.issues.push(issueAt(keyPos, path, `non-string key in ${path || 'top level'}: ${shown}`));
        continue;
      }
      keys.add(key.value);
      out.push({ key: key.value, keyPos, value: this.build(pair.value, keyPath(path, key.value), keyPos, depth + 1) });
    }
    // Keys written in the map win over keys brought in by `<<`.
    for (const m of merged) {
      if (keys.has(m.key)) continue;
      keys.add(m.key);
      out.push(m);
    }
    return out;
  }

  private mergeSources(value: unknown, path: string, depth: number): YEntry[] {
    const sources = isSeq(value) ? value.items : [value];
    const out: YEntry[] = [];
    const keys = new Set<string>();
    const add = (entries: YEntry[]) => {
      for (const e of entries) {
        if (keys.has(e.key)) continue;
        keys.add(e.key);
        out.push(e);
      }
    };
    for (const source of sources) {
      const merge = (node: unknown) => {
        if (!isMap(node)) {
          this.issues.push(issueAt(this.pos(source as YamlNode), path, 'a "<<" merge key must name a mapping'));
          return;
        }
        add(this.entries(node.items, path, depth));
      };
      if (isAlias(source)) this.throughAlias(source, path, merge);
      else merge(source);
    }
    return out;
  }
}

/** The syntax tree of the text, or where it first nests deeper than MAX_NESTING_DEPTH (read no further). */
function readTokens(content: string, lines: LineCounter): { tokens: CST.Token[] } | { tooDeepAt: number } {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(content)) {
    for (const t of parser.next(lexeme)) tokens.push(t);
    // The parser's stack holds the document, the collections open now, and a node in the making: only a
    // stack that long can hold too many collections.
    if (parser.stack.length > MAX_NESTING_DEPTH) {
      const open = parser.stack.filter(CST.isCollection);
      if (open.length > MAX_NESTING_DEPTH) return { tooDeepAt: open[MAX_NESTING_DEPTH]!.offset };
    }
  }
  for (const t of parser.end()) tokens.push(t);
  return { tokens };
}

/** The first document, with an error for any further one, as the yaml library's parseDocument() has it. */
function composeDocument(tokens: CST.Token[], length: number): Document {
  const composer = new Composer({ merge: true, uniqueKeys: false });
  let doc: Document | undefined;
  for (const d of composer.compose(tokens, true, length)) {
    if (!doc) {
      doc = d;
      continue;
    }
    doc.errors.push(
      new YAMLParseError(
        d.range.slice(0, 2) as [number, number],
        'MULTIPLE_DOCS',
        'Source contains multiple documents',
      ),
    );
    break;
  }
  return doc!;
}

export function parseYaml(file: string, content: string): ParsedFile {
  if (Buffer.byteLength(content, 'utf8') > MAX_STACK_FILE_BYTES)
    return { root: undefined, issues: [fileTooLarge(file)] };
  const lines = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = offset >= 0 ? lines.linePos(offset) : { line: 0, col: 0 };
    return { file, line, column: col };
  };
  const read = readTokens(content, lines);
  if ('tooDeepAt' in read) return { root: undefined, issues: [issueAt(at(read.tooDeepAt), '', nestingMessage)] };
  const doc = composeDocument(read.tokens, content.length);
  if (doc.errors.length > 0) {
    return {
      root: undefined,
      issues: doc.errors.map((e) => issueAt(at(e.pos[0]), '', `invalid YAML: ${e.message.split('\n')[0]!}`)),
    };
  }
  const builder = new TreeBuilder(file, doc, lines);
  try {
    const root = builder.build(doc.contents, '', { file, line: 1, column: 1 }, 1);
    if (builder.yamlErrors.length > 0) return { root: undefined, issues: builder.yamlErrors };
    return { root, issues: builder.issues };
  } catch (err) {
    if (err instanceof OverLimit) return { root: undefined, issues: [err.issue] };
    throw err;
  }
}
