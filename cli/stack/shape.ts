// A small vocabulary for describing what a stack file may contain: the types of values, the keys of each
// section with the file version that introduced them and whether Shoal acts on them, and the rules that
// tie keys of one section together (mutually exclusive options).
import type { YMap, YNode } from './yaml-tree';

/** Returns why a string is not acceptable, or undefined when it is. */
export type StringCheck = (value: string) => string | undefined;

/** A problem a rule finds in a section, reported at `key` (or at the section itself when key is ""). */
export interface RuleViolation {
  key: string;
  message: string;
}
export type SectionRule = (section: YMap) => RuleViolation[];

export type Shape =
  | { type: 'string'; check?: StringCheck }
  | { type: 'integer'; min?: number; max?: number }
  | { type: 'number'; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'null' }
  | { type: 'any' }
  | { type: 'list'; items: Shape }
  /** A mapping with arbitrary keys, each holding the same shape. */
  | { type: 'dict'; values: Shape; keyCheck?: StringCheck }
  /** A mapping with a fixed set of keys; "x-" extension keys are always allowed and ignored. */
  | {
      type: 'section';
      fields: Readonly<Record<string, Field>>;
      required?: readonly string[];
      rules?: readonly SectionRule[];
      /** Keys older Compose versions had, with what to write instead. */
      forbidden?: Readonly<Record<string, string>>;
    }
  /** The first option whose kind (scalar type, list or mapping) fits the value. */
  | { type: 'oneOf'; options: readonly Shape[] }
  /** `inner`, then rewritten to its canonical form (which `inner` must still accept). */
  | { type: 'normalized'; inner: Shape; normalize: Normalizer };

/** Rewrites a valid value to its canonical form ("1m30s" for "90s", a list of words for a command string). */
export type Normalizer = (node: YNode, path: string) => { node: YNode; warnings: string[] };

export interface Field {
  shape: Shape;
  /** The 3.x minor version that introduced the key; older files may not use it. */
  since?: number;
  /** Allowed by Compose, not acted on by Shoal: the loader warns and ignores it. */
  unsupported?: boolean;
}

export const str = (check?: StringCheck): Shape => (check ? { type: 'string', check } : { type: 'string' });
export const int = (min?: number, max?: number): Shape => ({ type: 'integer', min, max });
export const num = (min?: number, max?: number): Shape => ({ type: 'number', min, max });
export const bool: Shape = { type: 'boolean' };
export const nul: Shape = { type: 'null' };
export const anything: Shape = { type: 'any' };
export const list = (items: Shape): Shape => ({ type: 'list', items });
export const dict = (values: Shape, keyCheck?: StringCheck): Shape => ({ type: 'dict', values, keyCheck });
export const oneOf = (...options: Shape[]): Shape => ({ type: 'oneOf', options });
export const normalized = (inner: Shape, normalize: Normalizer): Shape => ({ type: 'normalized', inner, normalize });
export const section = (
  fields: Record<string, Field | Shape>,
  extra: { required?: string[]; rules?: SectionRule[]; forbidden?: Readonly<Record<string, string>> } = {},
): Shape => ({
  type: 'section',
  fields: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, 'shape' in f ? f : { shape: f }])),
  ...extra,
});
export const since = (minor: number, shape: Shape): Field => ({ shape, since: minor });
export const unsupported = (shape: Shape = anything, minor?: number): Field => ({
  shape,
  unsupported: true,
  since: minor,
});

export function enumOf(values: readonly string[]): StringCheck {
  return (v) => (values.includes(v) ? undefined : `must be one of ${values.join(', ')} (got ${JSON.stringify(v)})`);
}

/** What a value of this shape is called in "must be ..." messages. */
export function describe(shape: Shape): string {
  switch (shape.type) {
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    case 'any':
      return 'anything';
    case 'list':
      return 'a list';
    case 'dict':
    case 'section':
      return 'a mapping';
    case 'normalized':
      return describe(shape.inner);
    case 'oneOf': {
      const names = [...new Set(shape.options.map(describe))];
      return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0]!;
    }
  }
}
