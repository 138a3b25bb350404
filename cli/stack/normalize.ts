// Canonical forms of values that Compose lets a user write in several ways, as `docker stack config`
// prints them: label and environment lists as mappings, command strings as words, short port syntax as
// one long-syntax entry per port, durations as Go prints them, byte sizes as a number of bytes.
import { splitKeyValue } from '../../domain/labels';
import { DEFAULT_PROTOCOL, DEFAULT_PUBLISH_MODE, parsePortSpec } from './ports';
import type { Normalizer } from './shape';
import { splitShellWords } from './shell-words';
import { formatDurationMs, parseDurationMs } from '../../lib/duration';
import { parseBytes } from './units';
import { warningAt, type Pos, type ScalarValue, type YEntry, type YMap, type YNode, type YScalar } from './yaml-tree';

const scalar = (value: ScalarValue, pos: Pos): YScalar => ({ kind: 'scalar', value, pos });
const done = (node: YNode): { node: YNode; warnings: string[] } => ({ node, warnings: [] });

function mapOf(pos: Pos, values: Record<string, ScalarValue>): YMap {
  return {
    kind: 'map',
    pos,
    entries: Object.entries(values).map(([key, v]) => ({ key, keyPos: pos, value: scalar(v, pos) })),
  };
}

/**
 * A list of "KEY=value" strings or a mapping, as a mapping of strings. A list item without "=" and a
 * mapping value left empty become `empty` ("" for labels; null for environment, meaning "take it from
 * the environment the CLI runs in").
 */
function toStringMap(empty: '' | null): Normalizer {
  return (node) => {
    if (node.kind === 'seq') {
      const entries: YEntry[] = node.items.map((item) => {
        const { key, value } = splitKeyValue(String((item as YScalar).value));
        return { key, keyPos: item.pos, value: scalar(value ?? empty, item.pos) };
      });
      return done({ kind: 'map', pos: node.pos, entries });
    }
    if (node.kind !== 'map') return done(node);
    const entries = node.entries.map((e) => {
      const v = (e.value as YScalar).value;
      return { ...e, value: scalar(v === null ? empty : String(v), e.value.pos) };
    });
    return done({ ...node, entries });
  };
}

export const labelsToMap = toStringMap('');
export const environmentToMap = toStringMap(null);

/** A command written as one string, split into words like a shell would. */
export const commandToList: Normalizer = (node) => {
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return done(node);
  const split = splitShellWords(node.value);
  const words = split.ok ? split.words : [node.value];
  return done({ kind: 'seq', pos: node.pos, items: words.map((w) => scalar(w, node.pos)) });
};

/** A healthcheck test written as one string runs through the container's shell. */
export const healthTestToList: Normalizer = (node) =>
  node.kind === 'scalar'
    ? done({ kind: 'seq', pos: node.pos, items: [scalar('CMD-SHELL', node.pos), node] })
    : done(node);

/** A service's networks written as a list of names, as a mapping of names to no options. */
export const networksToMap: Normalizer = (node) =>
  node.kind === 'seq'
    ? done({
        kind: 'map',
        pos: node.pos,
        entries: node.items.map((n) => ({
          key: String((n as YScalar).value),
          keyPos: n.pos,
          value: scalar(null, n.pos),
        })),
      })
    : done(node);

/** Every port entry in long syntax, one entry per port, with protocol and mode filled in. */
export const portsToLong: Normalizer = (node, path) => {
  if (node.kind !== 'seq') return done(node);
  const warnings: string[] = [];
  const items: YNode[] = [];
  node.items.forEach((item, i) => {
    if (item.kind === 'map') {
      const get = (k: string): ScalarValue | undefined =>
        (item.entries.find((e) => e.key === k)?.value as YScalar | undefined)?.value;
      const long: Record<string, ScalarValue> = {
        mode: get('mode') ?? DEFAULT_PUBLISH_MODE,
        target: get('target') ?? 0,
      };
      if (get('published') !== undefined) long.published = get('published')!;
      long.protocol = get('protocol') ?? DEFAULT_PROTOCOL;
      items.push(mapOf(item.pos, long));
      return;
    }
    const parsed = parsePortSpec((item as YScalar).value as string | number);
    if (!parsed.ok) return;
    if (parsed.hostIp !== '' && parsed.hostIp !== '0.0.0.0') {
      warnings.push(
        warningAt(
          item.pos,
          `${path}[${i}]`,
          `host IP ${parsed.hostIp} ignored: a service publishes on every address of every node`,
        ),
      );
    }
    for (const p of parsed.ports) {
      const long: Record<string, ScalarValue> = { mode: p.publishMode, target: p.targetPort };
      if (p.publishedPort > 0) long.published = p.publishedPort;
      long.protocol = p.protocol;
      items.push(mapOf(item.pos, long));
    }
  });
  return { node: { ...node, items }, warnings };
};

export const durationToCanonical: Normalizer = (node) =>
  node.kind === 'scalar' && typeof node.value === 'string'
    ? done({ ...node, value: formatDurationMs(parseDurationMs(node.value)!) })
    : done(node);

/** Byte sizes as a string of digits, as `docker stack config` prints them. */
export const bytesToCanonical: Normalizer = (node) =>
  node.kind === 'scalar' && (typeof node.value === 'string' || typeof node.value === 'number')
    ? done({ ...node, value: String(parseBytes(node.value)) })
    : done(node);

/** Fills environment variables a service lists without a value from the environment the CLI runs in. */
export function resolveEnvironment(root: YNode, env: Readonly<Record<string, string | undefined>>): YNode {
  const services = root.kind === 'map' ? root.entries.find((e) => e.key === 'services')?.value : undefined;
  if (root.kind !== 'map' || services?.kind !== 'map') return root;
  const resolveService = (s: YEntry): YEntry => {
    if (s.value.kind !== 'map') return s;
    const entries = s.value.entries.map((e) => {
      if (e.key !== 'environment' || e.value.kind !== 'map') return e;
      const vars = e.value.entries.map((v) => {
        const value = v.value.kind === 'scalar' && v.value.value === null ? env[v.key] : undefined;
        return value === undefined ? v : { ...v, value: scalar(value, v.value.pos) };
      });
      return { ...e, value: { ...e.value, entries: vars } };
    });
    return { ...s, value: { ...s.value, entries } };
  };
  const resolved: YNode = { ...services, entries: services.entries.map(resolveService) };
  return { ...root, entries: root.entries.map((e) => (e.key === 'services' ? { ...e, value: resolved } : e)) };
}
