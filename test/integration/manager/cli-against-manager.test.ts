// The real `shoal` binary against a real manager (real etcd, simulated agents over real gRPC).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdHandle } from '../etcd-harness';
import { httpdStackYaml } from '../../fixtures/stacks';
import { startManager, type ManagerHandle } from '../manager-harness';
import { eventually } from '../../../testkit/eventually';

const BIN = path.resolve(__dirname, '../../../dist/cli/main.js');

let etcd: EtcdHandle;
let h: ManagerHandle;
let dir: string;

/** Runs the CLI asynchronously: the manager lives in this process, so a blocking spawn would stall it. */
function shoal(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: dir, env: { ...process.env, SHOAL_MANAGER: h.manager.address } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'shoal-cli-it-'));
  etcd = await startEtcd();
  h = await startManager(etcd.endpoints);
  h.addAgent({ hostname: 'n1', role: 'manager' });
  h.addAgent({ hostname: 'n2' });
  await eventually(
    '2 nodes ready',
    async () => (await h.client.listNodes()).filter((n) => n.status === 'ready').length === 2,
  );
});

afterAll(async () => {
  await h?.stop();
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('shoal against a live manager', () => {
  it('deploys a stack, waits until converged, and prints one summary line on a pipe', async () => {
    writeFileSync(path.join(dir, 'web.yml'), httpdStackYaml(3));
    const res = await shoal(['stack', 'deploy', '-c', 'web.yml', 'web']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/web_app: 3\/3 running/);
    const lines = res.stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/converged/);
  });

  it('prints services, tasks and nodes as JSON with the documented keys', async () => {
    const services = JSON.parse((await shoal(['service', 'ls', '--format', 'json'])).stdout);
    expect(services).toEqual([
      expect.objectContaining({
        name: 'web_app',
        stack: 'web',
        mode: 'replicated',
        image: 'busybox:latest',
        replicas: { desired: 3, running: 3 },
      }),
    ]);

    const tasks = JSON.parse((await shoal(['service', 'ps', 'app', '--format', 'json'])).stdout) as Record<
      string,
      unknown
    >[];
    expect(tasks).toHaveLength(3);
    for (const t of tasks) {
      expect(Object.keys(t)).toEqual(
        expect.arrayContaining([
          'id',
          'name',
          'service',
          'slot',
          'node',
          'desiredState',
          'state',
          'error',
          'containerId',
        ]),
      );
      expect(t).toMatchObject({ service: 'web_app', desiredState: 'running', state: 'running' });
      expect(['n1', 'n2']).toContain(t.node);
    }
    expect(tasks.map((t) => t.name).sort()).toEqual(['web_app.1', 'web_app.2', 'web_app.3']);

    const nodes = JSON.parse((await shoal(['node', 'ls', '--format', 'json'])).stdout) as Record<string, unknown>[];
    expect(nodes.map((n) => [n.hostname, n.status, n.availability, n.role])).toEqual([
      ['n1', 'ready', 'active', 'manager'],
      ['n2', 'ready', 'active', 'worker'],
    ]);
    expect(Object.keys(nodes[0])).toEqual(expect.arrayContaining(['id', 'labels', 'address']));
  });

  it('scales by short name and waits for it', async () => {
    const res = await shoal(['service', 'scale', 'app=5']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/web_app: 5\/5 running/);
    expect((await h.client.getService('web_app')).replicas).toEqual({ desired: 5, running: 5 });
  });

  it('rejects a bad file with file:line:column and changes nothing', async () => {
    writeFileSync(path.join(dir, 'bad.yml'), httpdStackYaml(-2));
    const res = await shoal(['stack', 'deploy', '-c', 'bad.yml', 'web']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^bad\.yml:6:\d+: services\.app\.deploy\.replicas: /m);
    expect((await h.client.getService('web_app')).service!.spec!.replicas).toBe(5);
  });

  it('gives up after --timeout when a task cannot be placed, and service ps shows why', async () => {
    const pinned = httpdStackYaml(1, '      placement:\n        constraints: ["node.labels.zone == mars"]\n');
    writeFileSync(path.join(dir, 'pinned.yml'), pinned);
    const res = await shoal(['stack', 'deploy', '-c', 'pinned.yml', '--timeout', '2s', 'pin']);
    expect(res.code).toBe(1);
    expect(res.stderr + res.stdout).toMatch(/not converged|did not converge|timed out/i);
    expect(res.stdout + res.stderr).toMatch(/pin_app: 0\/1/);
    const ps = await shoal(['service', 'ps', 'pin_app']);
    expect(ps.stdout).toMatch(/no suitable node: 2 nodes do not satisfy the constraints/);
  });

  it('removes a stack', async () => {
    expect((await shoal(['stack', 'rm', 'pin'])).code).toBe(0);
    const ls = await shoal(['stack', 'ls']);
    expect(ls.stdout).not.toMatch(/\bpin\b/);
    expect(ls.stdout).toMatch(/\bweb\b/);
  });
});
