import { describe, expect, it } from 'vitest';
import type { ServiceView__Output } from '../../../../proto/generated/shoal/v1/ServiceView';
import { renderServiceTable, toServiceDetailJson, toServiceJson } from '../../../../cli/render/services';
import { makeService, makeSpec, type ServiceOverrides } from '../../../fakes/builders';
import { goldenLines } from './golden';

function view(o: ServiceOverrides, desired: number, running: number): ServiceView__Output {
  return { service: makeService(o), replicas: { desired, running } };
}

const golden = view(
  {
    id: 'id-foo',
    spec: {
      name: 'name-foo',
      replicas: 2,
      container: { image: 'busybox:latest' },
      endpoint: {
        mode: 'vip',
        ports: [{ protocol: 'tcp', targetPort: 3232, publishedPort: 30000, publishMode: 'ingress' }],
      },
    },
  },
  2,
  0,
);

describe('renderServiceTable', () => {
  it.each([
    ['stack-services-without-format', false],
    ['stack-services-with-quiet-option', true],
  ])('matches the docker CLI golden %s', (name, quiet) => {
    expect(renderServiceTable([golden], { quiet, noTrunc: false })).toEqual(goldenLines(name));
  });

  it('sorts services naturally by name', () => {
    const names = ['web_app10', 'web_app2', 'db'].map((name) => view({ id: name, spec: { name } }, 1, 1));
    expect(renderServiceTable(names, { quiet: true, noTrunc: false })).toEqual(['db', 'web_app2', 'web_app10']);
  });

  it.each([
    ['a running count over the desired count', view({ spec: { name: 'a' } }, 3, 1), '1/3'],
    [
      'the per-node cap when set',
      view({ spec: { name: 'a', placement: { maxReplicasPerNode: 2 } } }, 4, 4),
      '4/4 (max 2 per node)',
    ],
  ])('REPLICAS shows %s', (_what, v, expected) => {
    const [, row] = renderServiceTable([v], { quiet: false, noTrunc: false });
    expect(row.split(/\s{3,}/)[3]).toBe(expected);
  });

  it.each([
    [
      'host-mode ports are not listed',
      [{ protocol: 'udp', targetPort: 53, publishedPort: 53, publishMode: 'host' }],
      '',
    ],
    [
      'unpublished ports are not listed',
      [{ protocol: 'tcp', targetPort: 80, publishedPort: 0, publishMode: 'ingress' }],
      '',
    ],
    [
      'ingress ports are joined with commas',
      [
        { protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' },
        { protocol: 'udp', targetPort: 53, publishedPort: 5353, publishMode: 'ingress' },
      ],
      '*:8080->80/tcp, *:5353->53/udp',
    ],
  ])('PORTS: %s', (_what, ports, expected) => {
    const v = view({ id: 'x', spec: { name: 'a', endpoint: { mode: 'vip', ports } } }, 1, 1);
    const [header, row] = renderServiceTable([v], { quiet: false, noTrunc: false });
    expect(row.slice(header.indexOf('PORTS'))).toBe(expected);
  });
});

describe('service JSON', () => {
  it('carries the fields scripts read, in camelCase', () => {
    const v = view(
      { id: 'svc-1', spec: { name: 'web_app', stack: 'web', mode: 'replicated', container: { image: 'nginx:1' } } },
      3,
      2,
    );
    expect(toServiceJson(v)).toEqual({
      id: 'svc-1',
      name: 'web_app',
      stack: 'web',
      mode: 'replicated',
      image: 'nginx:1',
      replicas: { desired: 3, running: 2 },
      ports: [],
    });
  });

  it('inspect adds the spec, its version and the times', () => {
    const v = view(
      { id: 'svc-1', specVersion: 4, meta: { version: 9, createdAt: 100, updatedAt: 200 }, spec: { name: 'web_app' } },
      1,
      1,
    );
    const json = toServiceDetailJson(v);
    expect(json).toMatchObject({
      name: 'web_app',
      specVersion: 4,
      createdAt: 100,
      updatedAt: 200,
      updateStatus: null,
      previousSpecVersion: 0,
    });
    expect(json.spec?.name).toBe('web_app');
  });

  it('inspect shows where the last update stands and the version a rollback returns to', () => {
    const updateStatus = {
      state: 'rollback_completed',
      message: 'task web_app.2 failed: exit 1',
      startedAt: 100,
      completedAt: 300,
    };
    const v = view(
      {
        id: 'svc-1',
        specVersion: 3,
        previousSpecVersion: 4,
        previousSpec: makeSpec({ name: 'web_app' }),
        updateStatus,
        spec: { name: 'web_app' },
      },
      1,
      1,
    );
    expect(toServiceDetailJson(v)).toMatchObject({ specVersion: 3, previousSpecVersion: 4, updateStatus });
  });
});
