// How a Compose file becomes services and networks, checked against the docker CLI's conversion cases.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadStack } from '../../../../cli/stack/load';
import { InvalidSpecError } from '../../../../proto/errors';
import { validateStackSpec } from '../../../../manager/controlapi/validation';

const CORPUS = path.resolve(__dirname, '../../../..', '../shared/compose-corpus');
// The table's cases are read loosely; each test names the fields it uses.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const table = JSON.parse(fs.readFileSync(path.join(CORPUS, 'tables/docker-cli-stack-conversion.json'), 'utf8')) as any;

const load = (doc: unknown, stack = 'foo', env: Record<string, string> = {}) =>
  loadStack(stack, [{ path: 'stack.yml', content: stringify(doc) }], env);
const service = (svc: Record<string, unknown>, top: Record<string, unknown> = {}) =>
  load({ version: '3.13', services: { service: { image: 'busybox', ...svc } }, ...top }).stack.services[0]!;
const rejection = (doc: unknown): string => {
  try {
    load(doc);
  } catch (e) {
    if (e instanceof InvalidSpecError) return e.message;
    throw e;
  }
  return 'loaded';
};

describe('restart policy from a service-level `restart:` (TestConvertRestartPolicy)', () => {
  const cases = table.restart_policy_from_service_restart.cases as {
    restart: string;
    expect?: { Condition: string; MaxAttempts?: number } | null;
    error?: string;
  }[];
  it.each(cases.filter((c) => c.error === undefined))('restart $restart', ({ restart, expect: want }) => {
    const spec = service(restart === '' ? {} : { restart });
    // Docker leaves the policy unset (Swarm's default: condition any); Shoal stores that default explicitly.
    expect(spec.restartPolicy).toEqual({
      condition: want?.Condition ?? 'any',
      delayMs: 5000,
      maxAttempts: want?.MaxAttempts ?? 0,
      windowMs: 0,
    });
  });
  it.each(cases.filter((c) => c.error !== undefined))('restart $restart is rejected', ({ restart }) => {
    expect(rejection({ services: { s: { image: 'x', restart } } })).toContain(
      'services.s.restart: invalid restart policy',
    );
  });
  it('deploy.restart_policy wins over restart', () => {
    expect(
      service({ restart: 'always', deploy: { restart_policy: { condition: 'none' } } }).restartPolicy?.condition,
    ).toBe('none');
  });
});

describe('update_config defaults (TestConvertUpdateConfig*)', () => {
  it.each(
    table.update_config_defaults.cases as {
      update_config: Record<string, unknown>;
      expect: { Order?: string; Parallelism?: number };
    }[],
  )('update_config $update_config', ({ update_config, expect: want }) => {
    const u = service({ deploy: { update_config } }).updateConfig!;
    // Docker leaves Order empty, meaning Swarm's stop-first; Shoal stores stop-first.
    expect(u.order).toBe(want.Order || 'stop-first');
    if (want.Parallelism !== undefined) expect(u.parallelism).toBe(want.Parallelism);
    // Shoal's deliberate difference: failure_action defaults to rollback (Swarm: pause).
    expect(u.failureAction).toBe(update_config.failure_action ?? 'rollback');
  });
});

describe('healthcheck (TestConvertHealthcheck*)', () => {
  const [full, disabled, both] = table.healthcheck.cases;
  it('keeps every field, durations in ms', () => {
    expect(service({ healthcheck: full.healthcheck }).container?.healthcheck).toEqual({
      test: ['EXEC', 'touch', '/foo'],
      intervalMs: 2,
      timeoutMs: 30_000,
      retries: 10,
      startPeriodMs: 60_000,
      startIntervalMs: 1_000,
    });
  });
  it('disable: true becomes test ["NONE"]', () => {
    expect(service({ healthcheck: disabled.healthcheck }).container?.healthcheck?.test).toEqual(disabled.expect.Test);
  });
  it('disable with test is rejected', () => {
    expect(rejection({ services: { s: { image: 'x', healthcheck: both.healthcheck } } })).toContain(
      "services.s.healthcheck.test: test and disable can't be set at the same time",
    );
  });
  it('a test string runs through the shell', () => {
    expect(service({ healthcheck: { test: 'curl -f localhost' } }).container?.healthcheck?.test).toEqual([
      'CMD-SHELL',
      'curl -f localhost',
    ]);
  });
});

describe('endpoint spec (TestConvertEndpointSpec)', () => {
  it('sorts ports deterministically', () => {
    const { input, expect: want } = table.endpoint_spec;
    const endpoint = service({ deploy: { endpoint_mode: input.endpoint_mode }, ports: input.ports }).endpoint!;
    expect(endpoint.mode).toBe(want.Mode);
    expect(endpoint.ports).toEqual(
      (want.Ports as { Protocol?: string; TargetPort: number; PublishedPort: number; PublishMode?: string }[]).map(
        (p) => ({
          protocol: p.Protocol ?? 'tcp',
          targetPort: p.TargetPort,
          publishedPort: p.PublishedPort,
          publishMode: p.PublishMode ?? 'ingress',
        }),
      ),
    );
  });
});

describe('service networks (TestConvertServiceNetworks*)', () => {
  it.each(
    (
      table.service_networks.cases as {
        service_networks: unknown;
        top_level: unknown;
        expect: { Target: string; Aliases: string[] }[];
      }[]
    ).map((c, i) => ({ i, ...c })),
  )('case $i', ({ service_networks, top_level, expect: want }) => {
    const svc: Record<string, unknown> = { image: 'busybox' };
    if (service_networks !== null) svc.networks = service_networks;
    const loaded = load(
      { version: '3.13', services: { [table.service_networks.service]: svc }, networks: top_level },
      table.service_networks.stack,
    );
    expect(loaded.stack.services[0]!.networks).toEqual(want.map((n) => ({ target: n.Target, aliases: n.Aliases })));
  });
  it('rejects a network not declared at top level', () => {
    expect(rejection({ services: { s: { image: 'x', networks: ['ghost'] } } })).toContain(
      'services.s.networks.ghost: service s refers to undefined network ghost',
    );
  });
});

describe('stack networks (TestNetworks)', () => {
  const t = table.stack_network_creation;
  const keys = Object.keys(t.top_level);
  const loaded = load(
    { version: '3.13', services: { a: { image: 'x', networks: keys }, b: { image: 'x' } }, networks: t.top_level },
    t.stack,
  );
  const byName = new Map(loaded.stack.networks.map((n) => [n.name, n]));

  it.each(
    Object.entries(
      t.expect_created as Record<
        string,
        {
          Driver?: string;
          Labels: Record<string, string>;
          Options?: Record<string, string>;
          Attachable?: boolean;
          IPAM?: { Config: { Subnet: string }[] };
        }
      >,
    ),
  )('creates %s', (name, want) => {
    const n = byName.get(name)!;
    expect(n.external).toBe(false);
    expect(n.labels).toEqual(want.Labels);
    // The table leaves Driver empty where the CLI fills in overlay at deploy time.
    expect(n.driver).toBe(want.Driver ?? 'overlay');
    expect(n.driverOpts).toEqual(want.Options ?? {});
    expect(n.attachable).toBe(want.Attachable ?? false);
    expect(n.ipam.map((c) => c.subnet)).toEqual((want.IPAM?.Config ?? []).map((c) => c.Subnet));
  });
  it('refers to external networks by name without creating them', () => {
    expect(loaded.stack.networks.filter((n) => n.external).map((n) => n.name)).toEqual(t.expect_external);
    expect(loaded.stack.networks).toHaveLength(Object.keys(t.expect_created).length + t.expect_external.length);
  });
  it('passes the manager-side validation', () => {
    expect(validateStackSpec(loaded.stack, new Set(t.expect_external))).toEqual([]);
  });
});

describe('namespace (TestNamespace*/TestAddStackLabel)', () => {
  it.each(
    table.namespace.cases.filter((c: { scope?: string }) => c.scope) as {
      stack: string;
      scope: string;
      expect: string;
    }[],
  )('$stack + $scope = $expect', ({ stack, scope, expect: want }) => {
    const s = load({ services: { [scope]: { image: 'x', labels: ['a=b'], deploy: { labels: { c: 'd' } } } } }, stack)
      .stack.services[0]!;
    expect(s.name).toBe(want);
    expect(s.stack).toBe(stack);
    expect(s.labels).toEqual({ c: 'd', [table.namespace.label]: stack });
    expect(s.container?.labels).toEqual({ a: 'b', [table.namespace.label]: stack });
  });
});

describe('defaults Shoal stores', () => {
  it('fills every part of a minimal service', () => {
    const s = load({ services: { web: { image: 'nginx' } } }, 'st').stack.services[0]!;
    expect(s).toMatchObject({
      mode: 'replicated',
      replicas: 1,
      restartPolicy: { condition: 'any', delayMs: 5000, maxAttempts: 0, windowMs: 0 },
      updateConfig: {
        parallelism: 1,
        delayMs: 0,
        order: 'stop-first',
        failureAction: 'rollback',
        monitorMs: 5000,
        maxFailureRatio: 0,
      },
      rollbackConfig: {
        parallelism: 1,
        delayMs: 0,
        order: 'stop-first',
        failureAction: 'pause',
        monitorMs: 5000,
        maxFailureRatio: 0,
      },
      endpoint: { mode: 'vip', ports: [] },
      networks: [{ target: 'st_default', aliases: ['web'] }],
      resources: { limits: { nanoCpus: 0, memoryBytes: 0 }, reservations: { nanoCpus: 0, memoryBytes: 0 } },
    });
    expect(s.container).toMatchObject({ stopGracePeriodMs: 10_000, healthcheck: null, command: [], entrypoint: [] });
  });

  it('global services carry no replica count', () => {
    expect(service({ deploy: { mode: 'global' } })).toMatchObject({ mode: 'global', replicas: 0 });
  });

  it('converts units, commands and the environment', () => {
    const s = load(
      {
        services: {
          web: {
            image: 'nginx',
            command: `sh -c "echo 'hi'"`,
            entrypoint: ['/init'],
            environment: ['B=2', 'A=1', 'FROM_ENV', 'ABSENT'],
            stop_grace_period: '1m30s',
            deploy: {
              resources: { limits: { cpus: '0.5', memory: '512M' }, reservations: { cpus: 0.25, memory: '100k' } },
            },
          },
        },
      },
      'st',
      { FROM_ENV: 'yes' },
    ).stack.services[0]!;
    expect(s.container).toMatchObject({
      command: ['sh', '-c', "echo 'hi'"],
      entrypoint: ['/init'],
      env: ['A=1', 'B=2', 'FROM_ENV=yes'],
      stopGracePeriodMs: 90_000,
    });
    expect(s.resources).toEqual({
      limits: { nanoCpus: 500_000_000, memoryBytes: 536_870_912 },
      reservations: { nanoCpus: 250_000_000, memoryBytes: 102_400 },
    });
  });
});
