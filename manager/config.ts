// The manager's settings, from its command line, with defaults and checks.
import { parseDurationMs } from '../lib/duration';
import { InvalidArgumentError } from '../proto/errors';
import { formatSubnet, parseSubnet, POOL_SUBNET_PREFIX } from './allocator/ipam';

/** Shoal's gRPC port: unassigned by IANA, and clear of Swarm's 2377 and etcd's 2379/2380. */
export const DEFAULT_MANAGER_PORT = 7420;
/** Agents heartbeat four times a second: a beat is a few bytes handled in memory, never written to etcd. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 250;
/**
 * A node is down after 1 s without a heartbeat: four missed beats, so one delayed packet or GC pause
 * never marks a healthy node down, while a lost host's tasks are rescheduled about 1 s after it went
 * silent, and run again once their containers start (Swarm waits about 20 s). A manager that itself
 * stalls does not count its stall against the nodes (see planNodesDown).
 */
export const DEFAULT_NODE_TIMEOUT_MS = 1000;

/**
 * Networks without an asked-for subnet get a /24 from 10.0.0.0/12 (4096 networks). Docker Swarm's
 * default pool is 10.0.0.0/8 in /24s; a /12 keeps the same look while staying clear of the rest of
 * 10/8, where hosts' own networks often live (the testbed's underlay is 10.213.0.0/24).
 */
export const DEFAULT_ADDR_POOL = '10.0.0.0/12';

export interface ManagerConfig {
  listen: string;
  /** Endpoints of an existing etcd cluster; empty to start an embedded etcd. */
  etcd: string[];
  dataDir: string;
  etcdBinary: string;
  etcdPrefix: string;
  nodeTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Where overlay networks get their subnets (CIDR), unless they ask for one. */
  defaultAddrPool: string;
  logLevel: string;
}

export const DEFAULT_CONFIG: ManagerConfig = {
  listen: `0.0.0.0:${DEFAULT_MANAGER_PORT}`,
  etcd: [],
  dataDir: '/var/lib/shoal',
  etcdBinary: 'etcd',
  etcdPrefix: '/shoal/v1',
  nodeTimeoutMs: DEFAULT_NODE_TIMEOUT_MS,
  heartbeatIntervalMs: DEFAULT_HEARTBEAT_INTERVAL_MS,
  defaultAddrPool: DEFAULT_ADDR_POOL,
  logLevel: 'info',
};

export function checkEtcdUrls(value: string): string[] {
  const urls = value
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const u of urls) {
    if (!/^https?:\/\/[^/]+$/.test(u))
      throw new InvalidArgumentError(`--etcd: want URL[,URL...] like http://127.0.0.1:2379, got ${JSON.stringify(u)}`);
  }
  if (urls.length === 0) throw new InvalidArgumentError('--etcd: give at least one URL');
  return urls;
}

export function checkDurationMs(value: string, flag: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined)
    throw new InvalidArgumentError(`${flag}: want a duration like 3s or 500ms, got ${JSON.stringify(value)}`);
  if (ms < 100) throw new InvalidArgumentError(`${flag}: must be at least 100ms`);
  return ms;
}

/** The default address pool: an IPv4 CIDR wide enough for at least one /24. */
export function checkAddrPool(value: string): string {
  const pool = parseSubnet(value, '--default-addr-pool');
  if (pool.prefix > POOL_SUBNET_PREFIX)
    throw new InvalidArgumentError(`--default-addr-pool: ${value} is narrower than one /${POOL_SUBNET_PREFIX} network`);
  return formatSubnet(pool);
}
