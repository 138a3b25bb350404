// Placement constraints ("node.role==manager"): parsing, shared by the CLI's stack validator and the
// scheduler, and matching against a node, with Swarm's semantics: values compare case-insensitively
// and literally (no globs, no regex), an unknown key never matches, a missing label reads as "".
import { BlockList, isIP } from 'node:net';
import type { Node } from '../proto/types';

export type ConstraintOp = '==' | '!=';

export interface Constraint {
  key: string;
  op: ConstraintOp;
  value: string;
}

export type ParsedConstraint = ({ ok: true } & Constraint) | { ok: false; error: string };

/** Tried in this order, so "a!=b" is split on "!=" only when it holds no "==". */
const OPERATORS: readonly ConstraintOp[] = ['==', '!='];

/** A key: a letter or underscore, then at least one letter, digit, '-', '_' or '.'. */
const KEY_PATTERN = /^[a-z_][a-z0-9\-_.]+$/i;

/** The characters Swarm accepts in a value (enough for names, labels, IPs and CIDRs). */
const VALUE_PATTERN = /^[a-z0-9:\-_\s.*()?+[\]\\^$|/]+$/i;

const NODE_LABEL_PREFIX = 'node.labels.';
const ENGINE_LABEL_PREFIX = 'engine.labels.';

export function parseConstraint(expr: string): ParsedConstraint {
  const op = OPERATORS.find((o) => expr.includes(o));
  if (op === undefined)
    return { ok: false, error: `constraint ${JSON.stringify(expr)} has no operator; expected == or !=` };
  const at = expr.indexOf(op);
  const key = expr.slice(0, at).trim();
  const value = expr.slice(at + op.length).trim();
  if (!KEY_PATTERN.test(key))
    return { ok: false, error: `constraint ${JSON.stringify(expr)}: key ${JSON.stringify(key)} is invalid` };
  if (!VALUE_PATTERN.test(value))
    return { ok: false, error: `constraint ${JSON.stringify(expr)}: value ${JSON.stringify(value)} is invalid` };
  return { ok: true, key, op, value };
}

/** All of a spec's constraints, or null when one does not parse (such a spec fits no node). */
export function parseConstraints(exprs: readonly string[]): Constraint[] | null {
  const parsed: Constraint[] = [];
  for (const e of exprs) {
    const p = parseConstraint(e);
    if (!p.ok) return null;
    parsed.push({ key: p.key, op: p.op, value: p.value });
  }
  return parsed;
}

/** Whether a node attribute's value satisfies the constraint's operator and value. */
export function matchValue(c: Constraint, actual: string): boolean {
  const equal =
    actual === c.value || (actual.length === c.value.length && actual.toLowerCase() === c.value.toLowerCase());
  return c.op === '==' ? equal : !equal;
}

/** A node label: one a user set wins over the one the agent started with; undefined when neither has it. */
export function nodeLabel(node: Node, key: string): string | undefined {
  return node.labels[key] ?? node.description.labels[key];
}

/** The label key a "node.labels.<key>" expression names (the key is case-sensitive), or undefined. */
export function nodeLabelKey(expr: string): string | undefined {
  return hasPrefix(expr, NODE_LABEL_PREFIX) ? expr.slice(NODE_LABEL_PREFIX.length) : undefined;
}

export function matchConstraint(c: Constraint, node: Node): boolean {
  return compileConstraint(c)(node);
}

export type NodeMatcher = (node: Node) => boolean;

/** A spec's constraints as tests on nodes, or null when one does not parse (such a spec fits no node). */
export function compileConstraints(exprs: readonly string[]): NodeMatcher[] | null {
  return parseConstraints(exprs)?.map(compileConstraint) ?? null;
}

/** The constraint as a test on nodes, with its key resolved once: for testing many nodes. */
export function compileConstraint(c: Constraint): NodeMatcher {
  switch (c.key.toLowerCase()) {
    case 'node.id':
      return (n) => matchValue(c, n.id);
    case 'node.hostname':
      return (n) => matchValue(c, n.description.hostname);
    case 'node.role':
      return (n) => matchValue(c, n.description.role);
    case 'node.platform.os':
      return (n) => matchValue(c, n.description.platform.os);
    case 'node.platform.arch':
      return (n) => matchValue(c, n.description.platform.arch);
    case 'node.ip':
      return compileIp(c);
  }
  const label = nodeLabelKey(c.key);
  if (label !== undefined) return (n) => matchValue(c, nodeLabel(n, label) ?? '');
  // Shoal nodes carry no engine labels: every engine label reads as missing.
  if (hasPrefix(c.key, ENGINE_LABEL_PREFIX)) {
    const missing = matchValue(c, '');
    return () => missing;
  }
  return () => false;
}

/** The value is an address or a CIDR; one that is neither never matches, whatever the operator. */
function compileIp(c: Constraint): NodeMatcher {
  const range = toBlockList(c.value);
  if (range === undefined) return () => false;
  return (n) => {
    const family = ipFamily(n.description.address);
    if (family === undefined) return false;
    const inside = range.check(n.description.address, family);
    return c.op === '==' ? inside : !inside;
  };
}

function toBlockList(value: string): BlockList | undefined {
  const slash = value.indexOf('/');
  const ip = slash < 0 ? value : value.slice(0, slash);
  const family = ipFamily(ip);
  if (family === undefined) return undefined;
  const list = new BlockList();
  if (slash < 0) {
    list.addAddress(ip, family);
    return list;
  }
  const prefixText = value.slice(slash + 1);
  const prefix = Number(prefixText);
  const maxPrefix = family === 'ipv4' ? 32 : 128;
  if (!/^\d+$/.test(prefixText) || prefix > maxPrefix) return undefined;
  list.addSubnet(ip, prefix, family);
  return list;
}

function ipFamily(ip: string): 'ipv4' | 'ipv6' | undefined {
  const v = isIP(ip);
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : undefined;
}

function hasPrefix(s: string, prefix: string): boolean {
  return s.length > prefix.length && s.slice(0, prefix.length).toLowerCase() === prefix;
}
