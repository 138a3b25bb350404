import { describe, expect, it } from 'vitest';
import { resolveNode, resolveService } from '../../../../manager/controlapi/resolve';
import { AmbiguousNameError, NotFoundError } from '../../../../proto/errors';
import { makeNode, makeService } from '../../../fakes/builders';

const services = [
  makeService({ id: 'aaaa1111', spec: { name: 'web_app', stack: 'web' } }),
  makeService({ id: 'bbbb2222', spec: { name: 'shop_app', stack: 'shop' } }),
  makeService({ id: 'cccc3333', spec: { name: 'web_db', stack: 'web' } }),
];

describe('resolveService', () => {
  it.each([
    ['full name', 'web_app', 'aaaa1111'],
    ['unique short name', 'db', 'cccc3333'],
    ['id', 'bbbb2222', 'bbbb2222'],
    ['id prefix of 4+', 'cccc', 'cccc3333'],
  ])('%s', (_what, name, id) => {
    expect(resolveService(services, name).id).toBe(id);
  });
  it('refuses an ambiguous short name, naming the candidates', () => {
    expect(() => resolveService(services, 'app')).toThrow(AmbiguousNameError);
    expect(() => resolveService(services, 'app')).toThrow(/shop_app, web_app/);
  });
  it('reports an unknown name', () => {
    expect(() => resolveService(services, 'nope')).toThrow(NotFoundError);
  });
});

describe('resolveNode', () => {
  const nodes = [
    makeNode({ id: 'n1abcdef', description: { hostname: 'host1' } }),
    makeNode({ id: 'n2abcdef', description: { hostname: 'host2' } }),
  ];
  it.each([
    ['hostname', 'host2', 'n2abcdef'],
    ['id', 'n1abcdef', 'n1abcdef'],
    ['id prefix', 'n2ab', 'n2abcdef'],
  ])('%s', (_w, name, id) => expect(resolveNode(nodes, name).id).toBe(id));
  it('reports an unknown node', () => expect(() => resolveNode(nodes, 'host9')).toThrow(NotFoundError));
});
