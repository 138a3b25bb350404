// The embedded etcd process: loopback only, log in its data dir, a clear start-up error, stop by pid.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { EmbeddedEtcd } from '../../../manager/store/embedded-etcd';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shoal-embedded-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('serves on loopback, logs into its data dir, and stops the process it started', async () => {
  const dataDir = tempDir();
  const etcd = new EmbeddedEtcd({ dataDir });
  cleanups.push(() => etcd.stop());
  await etcd.start();
  const [url] = etcd.endpoints();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(((await (await fetch(`${url}/health`)).json()) as { health: string }).health).toBe('true');
  expect(readFileSync(join(dataDir, 'etcd.log'), 'utf8').length).toBeGreaterThan(0);
  expect(existsSync(join(dataDir, 'data', 'member'))).toBe(true);

  const pid = etcd.pid;
  expect(pid).toBeGreaterThan(0);
  await etcd.stop();
  expect(etcd.pid).toBeUndefined();
  expect(isAlive(pid as number)).toBe(false);
});

it('fails start-up with the tail of etcd’s log when its port is taken', async () => {
  // Refuses what connects (our own health probes), so close() does not wait on open sockets.
  const blocker: Server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const port = (blocker.address() as { port: number }).port;
  const etcd = new EmbeddedEtcd({ dataDir: tempDir(), clientPort: port });
  cleanups.push(() => etcd.stop());
  const err = await etcd.start().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toMatch(/etcd exited during start-up \(code \d+\); log tail:/);
  expect((err as Error).message).toMatch(/address already in use/);
  expect(etcd.pid).toBeUndefined();
});

it('fails start-up clearly when the binary does not exist', async () => {
  const etcd = new EmbeddedEtcd({ dataDir: tempDir(), binary: '/nonexistent/etcd' });
  await expect(etcd.start()).rejects.toThrow(/etcd exited during start-up \(spawn \/nonexistent\/etcd ENOENT\)/);
});
