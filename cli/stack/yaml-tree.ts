// The stack file as a tree that remembers where each value came from, so that every issue found after
// interpolation, validation and merging still names file:line:column.
import type { SpecIssue } from '../../proto/errors';

export interface Pos {
  file: string;
  line: number;
  column: number;
}

export type ScalarValue = string | number | boolean | null;

export interface YScalar {
  kind: 'scalar';
  value: ScalarValue;
  pos: Pos;
  /** The value came out of variable substitution, so a number or boolean may be written as a string. */
  interpolated?: boolean;
}

export interface YEntry {
  key: string;
  keyPos: Pos;
  value: YNode;
}

export interface YMap {
  kind: 'map';
  entries: YEntry[];
  pos: Pos;
}

export interface YSeq {
  kind: 'seq';
  items: YNode[];
  pos: Pos;
}

export type YNode = YScalar | YMap | YSeq;

export function issueAt(pos: Pos, path: string, message: string): SpecIssue {
  return { file: pos.file, line: pos.line, column: pos.column, path, message };
}

/** "file:line:column: path: message", the one-line form of a warning. */
export function warningAt(pos: Pos, path: string, message: string): string {
  return `${pos.file}:${pos.line}:${pos.column}: ${path}: ${message}`;
}

export function keyPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

export function entry(map: YMap, key: string): YEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

export function child(node: YNode | undefined, key: string): YNode | undefined {
  return node?.kind === 'map' ? entry(node, key)?.value : undefined;
}

/** Follows a chain of keys through nested maps. */
export function dig(node: YNode | undefined, ...keys: string[]): YNode | undefined {
  return keys.reduce<YNode | undefined>((n, k) => child(n, k), node);
}

export function scalarOf(node: YNode | undefined): ScalarValue | undefined {
  return node?.kind === 'scalar' ? node.value : undefined;
}

export function stringOf(node: YNode | undefined): string | undefined {
  const v = scalarOf(node);
  return typeof v === 'string' ? v : undefined;
}

export function numberOf(node: YNode | undefined): number | undefined {
  const v = scalarOf(node);
  return typeof v === 'number' ? v : undefined;
}

export function booleanOf(node: YNode | undefined): boolean | undefined {
  const v = scalarOf(node);
  return typeof v === 'boolean' ? v : undefined;
}

/** The tree as plain data, positions dropped. */
export function toPlain(node: YNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
  }
}
