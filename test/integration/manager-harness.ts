// Starts a real manager in-process on a real etcd, with simulated agents over real gRPC.
import pino from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { connect, type ShoalClient } from '../../cli/client';
import { loadStack } from '../../cli/stack/load';
import { DEFAULT_CONFIG, type ManagerConfig } from '../../manager/config';
import { Manager } from '../../manager/manager';
import type { StackSpec } from '../../proto/types';
import { SimAgent, type SimAgentOptions } from '../../testkit/sim-agent';
import { startEtcd, type EtcdHandle } from './etcd-harness';

let prefixCounter = 0;

export interface ManagerHandle {
  manager: Manager;
  client: ShoalClient;
  config: ManagerConfig;
  agents: SimAgent[];
  addAgent(opts: Omit<SimAgentOptions, 'manager'>): SimAgent;
  /** Stops the manager (not etcd) and starts a new one on the same etcd prefix and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startManager(
  etcdEndpoints: string[],
  overrides: Partial<ManagerConfig> = {},
): Promise<ManagerHandle> {
  const config: ManagerConfig = {
    ...DEFAULT_CONFIG,
    listen: '127.0.0.1:0',
    etcd: etcdEndpoints,
    etcdPrefix: `/test-${process.pid}-${++prefixCounter}`,
    logLevel: process.env.SHOAL_TEST_LOG ?? 'silent',
    ...overrides,
  };
  const logger = pino({ level: config.logLevel });
  let manager = await Manager.start(config, logger);
  const fixed: ManagerConfig = { ...config, listen: manager.address };
  const client = await connect(manager.address);
  const agents: SimAgent[] = [];
  return {
    get manager() {
      return manager;
    },
    client,
    config: fixed,
    agents,
    addAgent(opts) {
      const a = new SimAgent({ manager: manager.address, ...opts });
      agents.push(a);
      a.start();
      return a;
    },
    async restart() {
      await manager.stop();
      manager = await Manager.start(fixed, logger);
    },
    async stop() {
      for (const a of agents) a.kill();
      client.close();
      await manager.stop();
    },
  };
}

/** A stack spec from Compose YAML, through the same loader the CLI uses. */
export function stackFromYaml(name: string, yaml: string): StackSpec {
  return loadStack(name, [{ path: 'stack.yml', content: yaml }], {}).stack;
}

/**
 * The hooks of a suite whose tests each start their own manager on one shared real etcd (each under
 * its own key prefix): etcd starts before the suite and stops after it; a test's manager stops after
 * the test. Call at the top of the test file.
 */
export function managerPerTest(): { start(overrides?: Partial<ManagerConfig>): Promise<ManagerHandle> } {
  let etcd: EtcdHandle | undefined;
  let started: ManagerHandle[] = [];
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });
  afterEach(async () => {
    await Promise.all(started.map((m) => m.stop()));
    started = [];
  });
  return {
    async start(overrides = {}) {
      const m = await startManager(etcd!.endpoints, overrides);
      started.push(m);
      return m;
    },
  };
}
