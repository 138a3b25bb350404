import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadStack } from '../../../../cli/stack/load';
import { renderStackConfig } from '../../../../cli/stack/render-config';
import { loadIssues, oneFile } from './stack-issues';

const CORPUS = path.resolve(__dirname, '../../../..', '../shared/compose-corpus');

describe('loadStack rejects', () => {
  it.each([
    [
      'negative replicas',
      'services:\n  web:\n    image: x\n    deploy:\n      replicas: -1\n',
      5,
      17,
      'services.web.deploy.replicas',
      'greater than or equal to 0',
    ],
    [
      'a non-string key',
      'services:\n  web:\n    image: x\n    labels:\n      7: x\n',
      5,
      7,
      'services.web.labels',
      'non-string key',
    ],
    ['a wrong type', 'services:\n  web:\n    image: [a, b]\n', 3, 12, 'services.web.image', 'must be a string'],
    [
      'an unknown key',
      'services:\n  web:\n    image: x\n    imagee: y\n',
      4,
      5,
      'services.web.imagee',
      'Additional property imagee is not allowed',
    ],
    [
      'a key newer than the version',
      'version: "3.6"\nservices:\n  web:\n    image: x\n    deploy:\n      rollback_config: {}\n',
      6,
      7,
      'services.web.deploy.rollback_config',
      'needs 3.7',
    ],
    [
      'bad port syntax',
      'services:\n  web:\n    image: x\n    ports: ["80:80/http"]\n',
      4,
      13,
      'services.web.ports[0]',
      'invalid port',
    ],
    [
      'bad constraint syntax',
      'services:\n  web:\n    image: x\n    deploy:\n      placement:\n        constraints: ["node.role=manager"]\n',
      6,
      23,
      'services.web.deploy.placement.constraints[0]',
      'no operator',
    ],
    [
      'global mode with replicas',
      'services:\n  web:\n    image: x\n    deploy:\n      mode: global\n      replicas: 2\n',
      6,
      7,
      'services.web.deploy.replicas',
      'mode replicated',
    ],
    [
      'external network with a driver',
      'services:\n  web:\n    image: x\nnetworks:\n  n:\n    external: true\n    driver: overlay\n',
      7,
      5,
      'networks.n.driver',
      'conflicting parameters "external" and "driver"',
    ],
    [
      'external.name with name',
      'networks:\n  n:\n    name: a\n    external:\n      name: b\n',
      4,
      5,
      'networks.n.external',
      'conflict',
    ],
    [
      'an unknown network',
      'services:\n  web:\n    image: x\n    networks: [back]\n',
      4,
      16,
      'services.web.networks.back',
      'undefined network back',
    ],
    [
      'a bad duration',
      'services:\n  web:\n    image: x\n    stop_grace_period: 10\n',
      4,
      24,
      'services.web.stop_grace_period',
      'must be a string',
    ],
    [
      'a bad memory size',
      'services:\n  web:\n    image: x\n    deploy:\n      resources:\n        limits:\n          memory: lots\n',
      7,
      19,
      'services.web.deploy.resources.limits.memory',
      'byte size',
    ],
    ['a missing image', 'services:\n  web:\n    command: ["true"]\n', 3, 5, 'services.web.image', 'image is required'],
    ['an invalid service name', 'services:\n  -web:\n    image: x\n', 2, 3, 'services.-web', 'invalid service name'],
    ['version 2', 'version: "2"\nservices: {}\n', 1, 10, 'version', 'unsupported Compose file version: 2'],
    [
      'a missing required variable',
      'services:\n  web:\n    image: ${IMAGE:?set IMAGE}\n',
      3,
      12,
      'services.web.image',
      'set IMAGE',
    ],
    ['bad YAML', 'services:\n  web:\n    image: [x\n', 4, 1, '', 'invalid YAML'],
    [
      'a label with an empty key',
      'services:\n  web:\n    image: x\n    labels: ["=v"]\n',
      4,
      14,
      'services.web.labels[0]',
      'empty key',
    ],
  ])('%s at line:column with its key path', (_what, content, line, column, keyPath, fragment) => {
    const issues = loadIssues(oneFile(content));
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: 'stack.yml',
        line,
        column,
        path: keyPath,
        message: expect.stringContaining(fragment),
      }),
    );
  });

  it("takes label keys as Docker's stack loader does: any but an empty one", () => {
    const content =
      'services:\n  web:\n    image: x\n    labels: ["a b=c", "k"]\n    deploy:\n      labels:\n        "x y": z\n';
    expect(loadIssues(oneFile(content))).toEqual([]);
  });

  it('lists every problem at once', () => {
    const issues = loadIssues(
      oneFile('services:\n  web:\n    image: 1\n    deploy:\n      replicas: -2\n    ports: ["x"]\n    bogus: 1\n'),
    );
    expect(issues.map((i) => i.path)).toEqual([
      'services.web.image',
      'services.web.deploy.replicas',
      'services.web.ports[0]',
      'services.web.bogus',
    ]);
  });

  it('a bad stack name, with no file', () => {
    expect(loadIssues(oneFile('services: {}\n'), {}, 'bad name')).toEqual([
      expect.objectContaining({ file: '', message: expect.stringContaining('invalid stack name') }),
    ]);
  });

  it('files that state different versions', () => {
    const issues = loadIssues([
      { path: 'a.yml', content: 'version: "3.8"\nservices:\n  web:\n    image: x\n' },
      { path: 'b.yml', content: 'version: "3.2"\n' },
    ]);
    expect(issues).toEqual([
      expect.objectContaining({ file: 'b.yml', path: 'version', message: expect.stringContaining('differs') }),
    ]);
  });
});

describe('loadStack', () => {
  it('warns about each key Shoal ignores, naming where', () => {
    const loaded = loadStack(
      'st',
      oneFile('services:\n  web:\n    image: x\n    cap_add: [ALL]\n    volumes: ["/data"]\n'),
      {},
    );
    expect(loaded.warnings).toEqual([
      'stack.yml:4:5: services.web.cap_add: not supported by Shoal; ignored',
      'stack.yml:5:5: services.web.volumes: not supported by Shoal; ignored',
    ]);
  });

  it('substitutes variables, reading numbers and booleans where the schema wants them', () => {
    const loaded = loadStack(
      'st',
      oneFile(
        'services:\n  web:\n    image: "nginx:${TAG:-latest}"\n    deploy:\n      replicas: ${N}\n' +
          '    ports:\n      - target: 80\n        published: ${PORT}\n' +
          'networks:\n  n:\n    attachable: ${ATTACH}\n',
      ),
      { N: '3', PORT: '8080', ATTACH: 'true' },
    );
    const web = loaded.stack.services[0]!;
    expect(web.container?.image).toBe('nginx:latest');
    expect(web.replicas).toBe(3);
    expect(web.endpoint?.ports[0]?.publishedPort).toBe(8080);
    expect((loaded.config.networks as Record<string, { attachable: unknown }>).n.attachable).toBe(true);
  });

  it('warns once about a variable that is not set', () => {
    const loaded = loadStack('st', oneFile('services:\n  web:\n    image: "x${A}"\n    hostname: "${A}"\n'), {});
    expect(loaded.warnings).toEqual([
      'stack.yml:3:12: services.web.image: variable A is not set; substituting an empty string',
    ]);
  });

  it('merges files: later values win, maps merge, lists are replaced, ports are added', () => {
    const loaded = loadStack(
      'st',
      [
        {
          path: 'base.yml',
          content:
            'services:\n  web:\n    image: x:1\n    command: [a, b]\n    environment: [A=1, B=2]\n' +
            '    ports: ["80:80"]\n    deploy:\n      replicas: 2\n',
        },
        {
          path: 'prod.yml',
          content:
            'services:\n  web:\n    image: x:2\n    command: [c]\n' +
            '    environment:\n      B: 3\n    ports: ["443:443"]\n',
        },
      ],
      {},
    );
    const web = loaded.stack.services[0]!;
    expect(web.container).toMatchObject({ image: 'x:2', command: ['c'], env: ['A=1', 'B=3'] });
    expect(web.replicas).toBe(2);
    expect(web.endpoint?.ports.map((p) => p.publishedPort)).toEqual([80, 443]);
  });

  it('an issue in an override file names that file', () => {
    const issues = loadIssues([
      { path: 'base.yml', content: 'services:\n  web:\n    image: x\n' },
      { path: 'prod.yml', content: 'services:\n  web:\n    deploy:\n      mode: global\n      replicas: 2\n' },
    ]);
    expect(issues).toEqual([
      expect.objectContaining({ file: 'prod.yml', line: 5, path: 'services.web.deploy.replicas' }),
    ]);
  });

  it('applies YAML anchors and merge keys', () => {
    const loaded = loadStack(
      'st',
      oneFile('x-common: &common\n  image: x\n  hostname: h\nservices:\n  web:\n    <<: *common\n    hostname: mine\n'),
      {},
    );
    expect(loaded.stack.services[0]!.container).toMatchObject({ image: 'x', hostname: 'mine' });
  });
});

describe('the full example', () => {
  const file = path.join(CORPUS, 'full-example/full-example.yml');
  const content = fs.readFileSync(file, 'utf8');
  const env = { QUX: 'qux_from_environment' };

  it('is rejected as written: its constraint has no operator and it joins an undeclared network', () => {
    expect(
      loadIssues([{ path: 'full-example.yml', content }], env).map((i) => `${i.line}:${i.column} ${i.path}`),
    ).toEqual([
      '88:23 services.foo.deploy.placement.constraints[0]',
      '216:7 services.foo.networks.other-other-network',
    ]);
  });

  // The same file with a valid constraint, and an override declaring the missing network.
  const loaded = loadStack(
    'st',
    [
      { path: 'full-example.yml', content: content.replace('[node=foo]', '[node==foo]') },
      { path: 'override.yml', content: 'networks:\n  other-other-network: {}\n' },
    ],
    env,
  );
  const golden = (
    parse(fs.readFileSync(path.join(CORPUS, 'full-example/full-example.yaml.golden'), 'utf8')) as {
      services: Record<string, Record<string, unknown>>;
    }
  ).services.foo!;
  const config = (loaded.config.services as Record<string, Record<string, unknown>>).foo!;

  it('warns about every key Shoal ignores', () => {
    for (const key of [
      'build',
      'cap_add',
      'configs',
      'secrets',
      'volumes',
      'network_mode',
      'deploy.resources.limits.pids',
    ]) {
      expect(loaded.warnings.some((w) => w.includes(`services.foo.${key}: not supported`))).toBe(true);
    }
    expect(
      loaded.warnings.some((w) =>
        w.startsWith('full-example.yml:226:9: services.foo.ports[5]: host IP 127.0.0.1 ignored'),
      ),
    ).toBe(true);
  });

  it.each(['ports', 'command', 'entrypoint', 'healthcheck', 'labels', 'stop_grace_period'])(
    'normalizes %s as the golden file does',
    (key) => {
      expect(config[key]).toEqual(golden[key]);
    },
  );

  it('normalizes deploy durations, sizes and labels as the golden file does', () => {
    const deploy = config.deploy as Record<string, unknown>;
    const want = golden.deploy as Record<string, unknown>;
    for (const key of ['update_config', 'rollback_config', 'restart_policy', 'labels'])
      expect(deploy[key]).toEqual(want[key]);
    type Resources = Record<'limits' | 'reservations', { cpus: string; memory: string }>;
    const [mine, theirs] = [deploy.resources as Resources, want.resources as Resources];
    for (const kind of ['limits', 'reservations'] as const) {
      expect(mine[kind].memory).toBe(theirs[kind].memory);
      expect(mine[kind].cpus).toBe(theirs[kind].cpus);
    }
  });

  it('converts to the service Shoal runs', () => {
    const s = loaded.stack.services[0]!;
    expect(s.name).toBe('st_foo');
    expect(s.endpoint?.ports).toHaveLength(22);
    expect(s.endpoint?.ports[0]).toEqual({
      protocol: 'tcp',
      targetPort: 3000,
      publishedPort: 0,
      publishMode: 'ingress',
    });
    expect(s.resources?.limits).toEqual({ nanoCpus: 1_000_000, memoryBytes: 52_428_800 });
    expect(s.restartPolicy).toEqual({ condition: 'on-failure', delayMs: 5000, maxAttempts: 3, windowMs: 120_000 });
    expect(s.updateConfig).toEqual({
      parallelism: 3,
      delayMs: 10_000,
      failureAction: 'continue',
      monitorMs: 60_000,
      maxFailureRatio: 0.3,
      order: 'start-first',
    });
    expect(s.container?.env).toEqual(['BAZ=baz_from_service_def', 'QUX=qux_from_environment']);
    expect(s.networks.map((n) => n.target)).toEqual(['st_other-network', 'st_other-other-network', 'st_some-network']);
    expect(s.networks.find((n) => n.target === 'st_some-network')?.aliases).toEqual(['alias1', 'alias3', 'foo']);
  });

  it('renders as YAML that reads back to the same config', () => {
    const text = renderStackConfig(loaded.config);
    expect(parse(text)).toEqual(loaded.config);
    expect(text).toContain('    stop_grace_period: 20s\n');
    expect(text).toContain('      monitor: 1m0s\n');
  });
});
