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
