// Starts a real etcd for an integration test: a temp data dir (removed on stop unless the caller passed one),
// loopback ports, and restart() on the same data dir and ports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEtcd } from '../../manager/store/embedded-etcd';

export interface EtcdHandle {
  endpoints: string[];
  dataDir: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export async function startEtcd(opts: { maxTxnOps?: number; dataDir?: string } = {}): Promise<EtcdHandle> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'shoal-etcd-'));
  const ownsDir = opts.dataDir === undefined;
  const etcd = new EmbeddedEtcd({ dataDir, maxTxnOps: opts.maxTxnOps });
  try {
    await etcd.start();
  } catch (err) {
    if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    endpoints: etcd.endpoints(),
    dataDir,
    async stop() {
      await etcd.stop();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await etcd.stop();
      await etcd.start();
    },
  };
}
