// Spawns the compiled `shoal` binary (build first: `npm run build`) for what needs no manager.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlHandlers } from '../../proto/generated/shoal/v1/Control';
import type { DeployStackRequest__Output } from '../../proto/generated/shoal/v1/DeployStackRequest';
import { NotFoundError } from '../../proto/errors';
import { toGrpcError } from '../../proto/grpc-errors';
import { loadShoalProto } from '../../proto/loader';
import { makeService, makeTask } from '../fakes/builders';

const BIN = path.resolve(__dirname, '../../dist/cli/main.js');
/** A port nothing listens on: connecting is refused at once. */
const DEAD_MANAGER = '127.0.0.1:1';

let dir: string;
/** Preloaded into the binary: reports on exit whether @grpc/grpc-js was loaded. */
let grpcProbe: string;

function shoal(args: string[], opts: { probe?: boolean } = {}) {
  const env = { ...process.env };
  delete env.SHOAL_MANAGER;
  const nodeArgs = opts.probe ? ['-r', grpcProbe, BIN] : [BIN];
  const res = spawnSync(process.execPath, [...nodeArgs, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 20_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  dir = mkdtempSync(path.join(tmpdir(), 'shoal-cli-'));
  grpcProbe = path.join(dir, 'grpc-probe.js');
  writeFileSync(
    grpcProbe,
    // gRPC's main module (the status enum alone, from build/src/constants.js, is allowed: it loads nothing else).
    "process.on('exit', () => { if (Object.keys(require.cache).some((k) => " +
      "k.endsWith('@grpc/grpc-js/build/src/index.js') || k.includes('@grpc/proto-loader'))) " +
      "process.stderr.write('GRPC LOADED\\n'); });\n",
  );
  writeFileSync(
    path.join(dir, 'good.yml'),
    'services:\n  web:\n    image: nginx:alpine\n    deploy:\n      replicas: 2\n',
  );
  // Nine levels of nine aliases: 10^9 strings once expanded, in 350 bytes.
  writeFileSync(
    path.join(dir, 'bomb.yml'),
    'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' +
      ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']
        .map((k, i) => `x-${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]\n`)
        .join('') +
      'services:\n  web:\n    image: nginx:alpine\n',
  );
  writeFileSync(
    path.join(dir, 'bad.yml'),
    'services:\n  web:\n    image: nginx:alpine\n    deploy:\n      replicas: abc\n',
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('shoal binary', () => {
  it('--help lists the command groups and global options, without loading gRPC', () => {
    const res = shoal(['--help'], { probe: true });
    expect(res.code).toBe(0);
    for (const word of ['stack', 'service', 'node', '--manager', '--debug']) expect(res.stdout).toContain(word);
    expect(res.stderr).toBe('');
  });

  it('stack config prints the normalized stack file and exits 0', () => {
    const res = shoal(['stack', 'config', '-c', 'good.yml']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^services:\n {2}web:\n/);
    expect(res.stdout).toContain('image: nginx:alpine');
    expect(res.stdout).toContain('replicas: 2');
  });

  it('stack config does not load gRPC', () => {
    const res = shoal(['stack', 'config', '--compose-file', 'good.yml'], { probe: true });
    expect(res.code).toBe(0);
    expect(res.stderr).not.toContain('GRPC LOADED');
  });

  it('stack config on a bad file prints file:line:column: path: message, one line, no stack trace, and exits 1', () => {
    const res = shoal(['stack', 'config', '-c', 'bad.yml']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^bad\.yml:5:\d+: services\.web\.deploy\.replicas: .+\n$/);
  });

  it('stack config refuses an alias bomb at its line, with the limit', () => {
    const res = shoal(['stack', 'config', '-c', 'bomb.yml']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      'bomb.yml:6:10: x-f[0]: alias *e expands past the limit: ' +
        'aliases and merge keys may add 100000 values to a file\n',
    );
  });

  it('--debug adds the stack trace', () => {
    const res = shoal(['--debug', 'stack', 'config', '-c', 'bad.yml']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^bad\.yml:5:\d+: services\.web\.deploy\.replicas: /);
    expect(res.stderr).toMatch(/\n {4}at /);
  });

  it.each([
    [
      'a missing file',
      ['stack', 'config', '-c', 'nope.yml'],
      /^error: cannot read stack file nope\.yml: no such file\n$/,
    ],
    ['no file at all', ['stack', 'config'], /required option '-c, --compose-file <file>' not specified/],
  ])('stack config with %s exits 1 saying so', (_what, args, message) => {
    const res = shoal(args);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(message);
  });

  it.each([
    [
      'web=abc',
      ['service', 'scale', 'web=abc'],
      /^error: invalid scale argument "web=abc": replicas "abc" is not a non-negative integer\n$/,
    ],
    ['web', ['service', 'scale', 'web'], /^error: invalid scale argument "web": expected SERVICE=REPLICAS/],
    ['--timeout 5', ['service', 'scale', '--timeout', '5', 'web=2'], /^error: invalid --timeout "5": missing unit/],
    [
      '--availability sleep',
      ['node', 'update', '--availability', 'sleep', 'n1'],
      /^error: invalid --availability "sleep"/,
    ],
  ])('a bad argument (%s) is reported before contacting the manager', (_what, args, message) => {
    const res = shoal(['--manager', DEAD_MANAGER, ...args]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toContain('cannot reach');
  });

  it('an unreachable manager is one line naming its address', () => {
    const res = shoal(['service', 'ls', '--manager', DEAD_MANAGER]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: cannot reach the Shoal manager at 127\.0\.0\.1:1 .*ECONNREFUSED.*\n$/);
  });
});

// ---------------------------------------------------------------- against a fake Control server

/** The last DeployStack request the fake manager received. */
let lastDeploy: DeployStackRequest__Output | undefined;

/** Replies like a manager with one stack "web" of two services; "web_stuck" never converges. */
const FAKE_HANDLERS: Partial<ControlHandlers> = {
  DeployStack: (call, cb) => {
    lastDeploy = call.request;
    const services = call.request.stack?.services ?? [];
    cb(null, {
      changes: services.map((svc) => ({ service: svc.name, change: 'created' })),
      warnings: ['a server warning'],
    });
  },
  ListStacks: (_call, cb) => cb(null, { stacks: [{ name: 'web', services: 2 }] }),
  // Each list answers in two messages, as a manager's stream of chunks would: the CLI gathers them.
  ListServices: (call) => {
    call.write({
      services: [
        {
          service: makeService({
            id: 'svc-app',
            spec: {
              name: 'web_app',
              stack: 'web',
              container: { image: 'nginx:1' },
              endpoint: {
                mode: 'vip',
                ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
              },
            },
          }),
          replicas: { desired: 3, running: 2 },
        },
      ],
    });
    call.write({
      services: [
        {
          service: makeService({
            id: 'svc-db',
            spec: { name: 'web_db', stack: 'web', container: { image: 'postgres:16' } },
          }),
          replicas: { desired: 1, running: 1 },
        },
      ],
    });
    call.end();
  },
  ListTasks: (call) => {
    call.write({
      tasks: [
        {
          task: makeTask({ id: 'task-a1', serviceName: 'web_app', slot: 1, status: { state: 'running' } }),
          nodeHostname: 'host-1',
        },
      ],
    });
    call.write({
      tasks: [
        {
          task: makeTask({
            id: 'task-a3',
            serviceName: 'web_app',
            slot: 3,
            status: { state: 'pending', message: 'no suitable node: 2 nodes lack memory' },
          }),
          nodeHostname: '',
        },
      ],
    });
    call.end();
  },
  GetService: (call, cb) => cb(toGrpcError(new NotFoundError('service', call.request.name)), null),
  ScaleServices: (call, cb) =>
    cb(null, { services: call.request.entries.map((e) => (e.service.includes('_') ? e.service : `web_${e.service}`)) }),
  WatchProgress: (call) => {
    // One batch a message: every service, with its end.
    const progress = (running: number) => ({
      converged: running === 3,
      batchEnd: true,
      services: call.request.services.map((service) => ({
        service,
        desired: 3,
        running,
        converged: running === 3,
        removed: false,
        tasks:
          running === 3
            ? []
            : [
                {
                  name: `${service}.3`,
                  state: 'pending',
                  message: 'no suitable node: 2 nodes lack memory',
                  err: '',
                  node: '',
                },
              ],
      })),
    });
    call.write(progress(2));
    if (call.request.services.includes('web_stuck')) return;
    setTimeout(() => {
      call.write(progress(3));
      call.end();
    }, 50);
  },
};

/** Runs the binary without blocking this process, which serves the fake manager. */
function shoalAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.SHOAL_MANAGER;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('shoal binary against a fake manager', () => {
  let server: grpc.Server;
  let manager: string;

  beforeAll(async () => {
    server = new grpc.Server();
    server.addService(loadShoalProto().shoal.v1.Control.service, FAKE_HANDLERS as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    manager = `127.0.0.1:${port}`;
  });

  afterAll(() => server?.forceShutdown());

  it('stack ls prints a docker-shaped table', async () => {
    const res = await shoalAsync(['--manager', manager, 'stack', 'ls']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('NAME      SERVICES\nweb       2\n');
  });

  it('service ls --format json prints camelCase service objects', async () => {
    const res = await shoalAsync(['--manager', manager, 'service', 'ls', '--format', 'json']);
    expect(res.code).toBe(0);
    const services = JSON.parse(res.stdout) as unknown[];
    expect(services).toEqual([
      expect.objectContaining({
        id: 'svc-app',
        name: 'web_app',
        stack: 'web',
        mode: 'replicated',
        image: 'nginx:1',
        replicas: { desired: 3, running: 2 },
      }),
      expect.objectContaining({ id: 'svc-db', name: 'web_db', replicas: { desired: 1, running: 1 } }),
    ]);
  });

  it('service ps shows why a pending task waits', async () => {
    const res = await shoalAsync(['--manager', manager, 'service', 'ps', 'app']);
    expect(res.code).toBe(0);
    const [header, ...rows] = res.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID +NAME +IMAGE +NODE +DESIRED STATE +CURRENT STATE +ERROR +PORTS$/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^task-a1 +web_app\.1 +nginx:alpine +host-1 +Running +Running/);
    expect(rows[1]).toMatch(/^task-a3 +web_app\.3 .* Pending +no suitable node: 2 nodes lack memory/);
  });

  it('service scale on a pipe prints what it scaled and one summary line once converged', async () => {
    const res = await shoalAsync(['--manager', manager, 'service', 'scale', 'app=3']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^web_app scaled to 3\nweb_app: 3\/3 running \(converged in [\d.]+m?s\)\n$/);
  });

  it('service scale that does not converge in --timeout exits 1 with the last state', async () => {
    const res = await shoalAsync(['--manager', manager, 'service', 'scale', '--timeout', '300ms', 'web_stuck=3']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      'web_stuck: 2/3 running\n  web_stuck.3 pending: no suitable node: 2 nodes lack memory\n',
    );
    expect(res.stderr).toMatch(/^error: timed out after 300ms waiting for web_stuck to converge/);
  });

  it('stack deploy sends the converted stack with prune, prints the changes and waits', async () => {
    const res = await shoalAsync(['--manager', manager, 'stack', 'deploy', '-c', 'good.yml', 'web']);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('warning: a server warning\n');
    expect(res.stdout).toMatch(/^Creating service web_web\nweb_web: 3\/3 running \(converged in [\d.]+m?s\)\n$/);
    expect(lastDeploy?.prune).toBe(true);
    expect(lastDeploy?.stack?.services.map((svc) => [svc.name, svc.replicas, svc.container?.image])).toEqual([
      ['web_web', 2, 'nginx:alpine'],
    ]);
  });

  it('stack deploy of a file over the size limit is refused, naming file and limit; nothing is sent', async () => {
    lastDeploy = undefined;
    // /dev/zero never ends: the CLI reads one byte past the limit, and no further.
    const res = await shoalAsync(['--manager', manager, 'stack', 'deploy', '-c', 'good.yml', '-c', '/dev/zero', 'web']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe('/dev/zero: stack file is larger than the limit of 1 MiB (1048576 bytes)\n');
    expect(lastDeploy).toBeUndefined();
  });

  it('stack deploy of an alias bomb is refused at its line; nothing is sent', async () => {
    lastDeploy = undefined;
    const res = await shoalAsync(['--manager', manager, 'stack', 'deploy', '-c', 'bomb.yml', 'web']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^bomb\.yml:6:10: x-f\[0\]: alias \*e expands past the limit/);
    expect(lastDeploy).toBeUndefined();
  });

  it('stack deploy --no-prune --detach sends prune false and does not wait', async () => {
    const res = await shoalAsync([
      '--manager',
      manager,
      'stack',
      'deploy',
      '--no-prune',
      '--detach',
      '-c',
      'good.yml',
      'web',
    ]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('Creating service web_web\n');
    expect(lastDeploy?.prune).toBe(false);
  });

  it('a server error comes back as one line', async () => {
    const res = await shoalAsync(['--manager', manager, 'service', 'inspect', 'nope']);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('error: service "nope" not found\n');
  });
});
