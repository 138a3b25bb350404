import { describe, expect, it } from 'vitest';
import type { NetworkSpec, StackSpec } from '../../../../proto/types';
import { validateStackSpec } from '../../../../manager/controlapi/validation';
import { makeNetworkSpec, makeSpec } from '../../../fakes/builders';

const net = (name: string, o: Partial<NetworkSpec> = {}) => makeNetworkSpec({ name, ...o });
function stack(o: Parameters<typeof makeSpec>[0] = {}, extra: Partial<StackSpec> = {}): StackSpec {
  return {
    name: 'web',
    services: [
      makeSpec({ name: 'web_app', stack: 'web', networks: [{ target: 'web_default', aliases: ['app'] }], ...o }),
    ],
    networks: [net('web_default')],
    ...extra,
  };
}
const paths = (s: StackSpec, known?: Set<string>) => validateStackSpec(s, known).map((i) => i.path);

describe('validateStackSpec', () => {
  it('accepts a complete spec', () => {
    expect(validateStackSpec(stack())).toEqual([]);
  });
  it.each([
    ['bad stack name', stack({}, { name: '-bad' }), 'name'],
    ['unknown mode', stack({ mode: 'sideways' }), 'services[0].deploy.mode'],
    ['fractional replicas', stack({ replicas: 1.5 }), 'services[0].deploy.replicas'],
    ['global with replicas', stack({ mode: 'global', replicas: 2 }), 'services[0].deploy.replicas'],
    ['no image', stack({ container: { image: '' } }), 'services[0].image'],
    [
      'bad constraint',
      stack({ placement: { constraints: ['node.role ~ manager'] } }),
      'services[0].deploy.placement.constraints[0]',
    ],
    [
      'negative memory',
      stack({ resources: { reservations: { memoryBytes: -1 } } }),
      'services[0].deploy.resources.reservations.memory',
    ],
    [
      'bad restart condition',
      stack({ restartPolicy: { condition: 'sometimes' } }),
      'services[0].deploy.restart_policy.condition',
    ],
    ['bad update order', stack({ updateConfig: { order: 'random' } }), 'services[0].deploy.update_config.order'],
    ['undeclared network', stack({ networks: [{ target: 'web_other', aliases: [] }] }), 'services[0].networks[0]'],
    [
      'port out of range',
      stack({
        endpoint: {
          mode: 'vip',
          ports: [{ protocol: 'tcp', targetPort: 70000, publishedPort: 0, publishMode: 'ingress' }],
        },
      }),
      'services[0].ports[0].target',
    ],
    ['service of another stack', stack({ stack: 'other' }), 'services[0].stack'],
  ])('%s', (_w, s, path) => {
    expect(paths(s)).toContain(path);
  });

  // Every limit of domain/limits.ts, as the raw API may send what no stack file would give.
  it.each([
    [
      'replicas over the limit',
      stack({ replicas: 1_000_000_000 }),
      'services[0].deploy.replicas',
      'replicas 1000000000 is over the limit of 100000',
    ],
    [
      'a 100,000-character stack name',
      stack({}, { name: 's'.repeat(100_000) }),
      'name',
      'is 100000 characters, over the limit of 55',
    ],
    [
      'a service name over 63',
      stack({ name: `web_${'a'.repeat(60)}` }),
      'services[0].name',
      'is 64 characters, over the limit of 63',
    ],
    ['a service name with a dot', stack({ name: 'web_a.b' }), 'services[0].name', 'invalid service name "web_a.b"'],
    [
      'an image with a NUL byte',
      stack({ container: { image: 'busybox\0' } }),
      'services[0].image',
      'it holds a NUL byte',
    ],
    ['an empty image', stack({ container: { image: '' } }), 'services[0].image', 'an image is required'],
    [
      'an environment entry without a name',
      stack({ container: { env: ['=novalue'] } }),
      'services[0].environment',
      'has no name',
    ],
    [
      'an environment entry without "="',
      stack({ container: { env: ['NOVALUE'] } }),
      'services[0].environment.NOVALUE',
      'expected KEY=VALUE',
    ],
    [
      'a label value over the limit',
      stack({ labels: { k: 'v'.repeat(5000) } }),
      'services[0].deploy.labels.k',
      'over the limit of 4096',
    ],
    ['a command with a NUL byte', stack({ container: { command: ['a\0'] } }), 'services[0].command[0]', 'NUL byte'],
    [
      'a service spec over the size limit',
      stack({ container: { env: ['A', 'B', 'C'].map((k) => `${k}=${'x'.repeat(30_000)}`) } }),
      'services[0]',
      'over the limit of 65536',
    ],
    [
      'a network name over 63',
      stack({}, { networks: [net(`web_${'n'.repeat(60)}`)] }),
      'networks[0].name',
      'over the limit of 63',
    ],
    [
      'a network label over the limit',
      stack({}, { networks: [net('web_default', { labels: { k: 'v'.repeat(5000) } })] }),
      'networks[0].labels.k',
      'over the limit of 4096',
    ],
    [
      'a network claiming another stack',
      stack({}, { networks: [net('web_default', { stack: 'p1' })] }),
      'networks[0].stack',
      'belongs to stack "p1", not "web"',
    ],
  ])('refuses %s', (_w, s, path, message) => {
    expect(validateStackSpec(s)).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('checks no limit of an external network but that it exists', () => {
    const s = stack(
      { networks: [{ target: 'my.old.net', aliases: [] }] },
      { networks: [net('my.old.net', { external: true, stack: '' })] },
    );
    expect(paths(s, new Set(['my.old.net']))).toEqual([]);
  });
  it('reports missing parts of a spec from the wire instead of crashing', () => {
    const s = stack();
    (s.services[0] as { container: unknown }).container = null;
    expect(paths(s)).toEqual(['services[0].container']);
  });
  it('requires external networks to exist', () => {
    const s = stack(
      { networks: [{ target: 'shared', aliases: [] }] },
      { networks: [net('shared', { external: true, stack: '' })] },
    );
    expect(paths(s)).toEqual(['networks[0]']);
    expect(paths(s, new Set(['shared']))).toEqual([]);
  });
  it('lists every problem, not only the first', () => {
    expect(paths(stack({ mode: 'sideways', container: { image: '' } }))).toHaveLength(2);
  });
});
