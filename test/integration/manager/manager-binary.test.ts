// The shoal-manager binary with its embedded etcd: state on disk survives restarts, a clean stop
// stops etcd too, and a manager that was killed leaves nothing that blocks the next one.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type ShoalClient } from '../../../cli/client';
import { httpdStackYaml } from '../../fixtures/stacks';
import { stackFromYaml } from '../manager-harness';
import { eventually } from '../../../testkit/eventually';
import { freePort } from '../../../manager/store/embedded-etcd';

const MAIN = path.resolve(__dirname, '../../../dist/manager/main.js');
const dir = mkdtempSync(path.join(tmpdir(), 'shoal-manager-bin-'));
const started: ChildProcess[] = [];

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

async function startManagerProcess(address: string): Promise<{ proc: ChildProcess; client: ShoalClient }> {
  const proc = spawn(process.execPath, [MAIN, '--listen', address, '--data-dir', dir, '--log-level', 'warn'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  started.push(proc);
  const client = await connect(address);
  await eventually(
    'manager answers',
    async () =>
      client.listNodes().then(
        () => true,
        () => false,
      ),
    20_000,
  );
  return { proc, client };
}

function exitOf(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    proc.exitCode !== null ? resolve(proc.exitCode) : proc.once('exit', (code) => resolve(code)),
  );
}

const etcdPid = () => Number(readFileSync(path.join(dir, 'etcd', 'etcd.pid'), 'utf8'));

afterAll(async () => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  if (existsSync(path.join(dir, 'etcd', 'etcd.pid')) && isAlive(etcdPid())) process.kill(etcdPid(), 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('shoal-manager with its embedded etcd', () => {
  it('keeps state across a restart and stops its etcd on exit', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const first = await startManagerProcess(address);
    await first.client.deployStack({ stack: stackFromYaml('keep', httpdStackYaml(2)), prune: true });
    const pid = etcdPid();
    expect(isAlive(pid)).toBe(true);
    first.client.close();
    first.proc.kill('SIGTERM');
    expect(await exitOf(first.proc)).toBe(0);
    expect(isAlive(pid)).toBe(false);

    const second = await startManagerProcess(address);
    const svc = await second.client.getService('keep_app');
    expect(svc.service!.spec!.replicas).toBe(2);
    expect((await second.client.listTasks({ services: ['keep_app'] })).length).toBe(2);
    second.client.close();
    second.proc.kill('SIGTERM');
    expect(await exitOf(second.proc)).toBe(0);
  });

  it('starts after a manager was killed, ending the etcd it left behind', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const first = await startManagerProcess(address);
    const orphan = etcdPid();
    first.client.close();
    first.proc.kill('SIGKILL');
    await exitOf(first.proc);
    expect(isAlive(orphan)).toBe(true);

    const second = await startManagerProcess(address);
    expect(isAlive(orphan)).toBe(false);
    expect((await second.client.getService('keep_app')).service!.spec!.replicas).toBe(2);
    second.client.close();
    second.proc.kill('SIGTERM');
    expect(await exitOf(second.proc)).toBe(0);
  });

  it.each([
    [['--listen', 'nowhere'], /--listen: want HOST:PORT/],
    [['--etcd', 'not-a-url'], /--etcd: want URL/],
    [['--node-timeout', '3'], /--node-timeout: want a duration/],
  ])('refuses bad arguments %j with a clear message and exit code 2', async (args, message) => {
    const res = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [MAIN, ...args], (err, _out, stderr) =>
        resolve({ code: (err as { code?: number } | null)?.code ?? 0, stderr }),
      ),
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });
});
