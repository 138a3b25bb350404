import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  matchConstraint,
  matchValue,
  parseConstraint,
  parseConstraints,
  type Constraint,
} from '../../../domain/constraint';
import type { Node } from '../../../proto/types';
import { makeNode } from '../../fakes/builders';

/** Swarmkit's constraint tests, as a table kept beside the repository. */
const TABLE_PATH = join(__dirname, '../../../../shared/compose-corpus/tables/swarmkit-placement-constraints.json');

interface ParseCase {
  expr: string;
  valid: boolean;
  key?: string;
  value?: string;
  why?: string;
}
interface MatchCase {
  expr: string;
  value: string;
  match: boolean;
  why?: string;
}
interface TableNode {
  id?: string;
  hostname?: string;
  role?: string;
  ip?: string;
  os?: string;
  arch?: string;
  engine_labels?: Record<string, string>;
  node_labels?: Record<string, string>;
}
interface SchedulerCase {
  constraint: string;
  node: 'any' | TableNode;
  eligible?: boolean;
  rejected_at_create?: boolean;
  why?: string;
}

const table = JSON.parse(readFileSync(TABLE_PATH, 'utf8')) as {
  parse: ParseCase[];
  match: MatchCase[];
  scheduler_semantics: SchedulerCase[];
};

function mustParse(expr: string): Constraint {
  const p = parseConstraint(expr);
  if (!p.ok) throw new Error(`${expr}: ${p.error}`);
  return p;
}

/** A node described the way the table describes one. Engine labels have no place on a Shoal node. */
function toNode(n: TableNode): Node {
  return makeNode({
    id: n.id ?? 'some-node',
    labels: n.node_labels ?? {},
    description: {
      hostname: n.hostname ?? 'some-host',
      role: n.role ?? 'worker',
      address: n.ip ?? '10.0.0.1',
      platform: { os: n.os ?? 'linux', arch: n.arch ?? 'x86_64' },
    },
  });
}

describe('parseConstraint: swarmkit TestParse', () => {
  it.each(table.parse)('$expr -> valid $valid ($why)', (c) => {
    const p = parseConstraint(c.expr);
    expect(p.ok).toBe(c.valid);
    if (p.ok && c.key !== undefined) expect(p.key).toBe(c.key);
    if (p.ok && c.value !== undefined) expect(p.value).toBe(c.value);
    if (!p.ok) expect(p.error).toContain('constraint');
  });
});

describe('parseConstraint: operators', () => {
  it.each([
    ['node.role==manager', 'node.role', '==', 'manager'],
    ['node.role != manager', 'node.role', '!=', 'manager'],
    ['node.labels.zone==eu-1', 'node.labels.zone', '==', 'eu-1'],
  ] as const)('%s -> %s %s %s', (expr, key, op, value) => {
    expect(parseConstraint(expr)).toEqual({ ok: true, key, op, value });
  });
});

describe('parseConstraints', () => {
  it('parses every expression', () => {
    expect(parseConstraints(['node.role==manager', 'node.id!=a1'])).toEqual([
      { key: 'node.role', op: '==', value: 'manager' },
      { key: 'node.id', op: '!=', value: 'a1' },
    ]);
  });
  it('is null when one expression does not parse', () => {
    expect(parseConstraints(['node.role==manager', 'nodeabc'])).toBeNull();
  });
});

describe('matchValue: swarmkit TestMatch', () => {
  it.each(table.match)('$expr against $value -> $match', (c) => {
    expect(matchValue(mustParse(c.expr), c.value)).toBe(c.match);
  });
});

describe('matchConstraint: swarmkit scheduler semantics', () => {
  const cases = table.scheduler_semantics.filter((c) => !c.rejected_at_create);
  it.each(cases)('$constraint -> eligible $eligible ($why)', (c) => {
    const nodes = c.node === 'any' ? [makeNode(), toNode({ hostname: 'abc', role: 'manager' })] : [toNode(c.node)];
    for (const node of nodes) expect(matchConstraint(mustParse(c.constraint), node)).toBe(c.eligible);
  });

  it.each(table.scheduler_semantics.filter((c) => c.rejected_at_create))('$constraint is rejected when parsed', (c) => {
    expect(parseConstraint(c.constraint).ok).toBe(false);
  });
});

describe('matchConstraint: Shoal keys', () => {
  const node = makeNode({
    id: 'n1',
    labels: { zone: 'eu', disk: 'ssd' },
    description: {
      hostname: 'web-1',
      role: 'manager',
      labels: { zone: 'us', rack: 'r7' },
      address: '10.1.2.3',
      platform: { os: 'linux', arch: 'aarch64' },
    },
  });
  it.each([
    ['node.id==n1', true, 'id'],
    ['node.id==N1', true, 'values compare case-insensitively'],
    ['node.hostname==web-1', true, 'hostname'],
    ['node.role==manager', true, 'role'],
    ['node.role!=manager', false, 'role, negated'],
    ['node.platform.os==linux', true, 'os'],
    ['node.platform.arch==aarch64', true, 'arch'],
    ['node.labels.zone==eu', true, 'a label a user set wins over the agent'],
    ['node.labels.zone==us', false, 'the agent label is overridden'],
    ['node.labels.rack==r7', true, 'an agent label shows when no user label hides it'],
    ['node.labels.Rack==r7', false, 'label keys are case-sensitive'],
    ['NODE.LABELS.rack==r7', true, 'the prefix is not'],
    ['node.labels.gpu==yes', false, 'a missing label fails =='],
    ['node.labels.gpu!=yes', true, 'a missing label satisfies !='],
    ['engine.labels.disk==ssd', false, 'there are no engine labels'],
    ['engine.labels.disk!=ssd', true, 'a missing engine label satisfies !='],
    ['node.ip==10.1.0.0/16', true, 'CIDR'],
    ['node.ip!=10.1.0.0/16', false, 'CIDR, negated'],
    ['node.ip!=10.2.0.0/16', true, 'outside the CIDR'],
    ['node.ip==10.1.2.3', true, 'a single address'],
    ['node.ip==::1', false, 'another family'],
    ['node.ip!=not-an-ip', false, 'an invalid address never matches'],
    ['node.name==web-1', false, 'an unknown key never matches'],
    ['node.name!=web-1', false, 'an unknown key never matches, negated too'],
  ])('%s -> %s (%s)', (expr, expected) => {
    expect(matchConstraint(mustParse(expr), node)).toBe(expected);
  });
});
