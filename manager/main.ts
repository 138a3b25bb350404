#!/usr/bin/env node
// shoal-manager: keeps the cluster's desired state in etcd, schedules and heals tasks, serves gRPC.
import { Command, Option } from 'commander';
import pino from 'pino';
import { checkAddrPool, checkDurationMs, checkEtcdUrls, DEFAULT_CONFIG, type ManagerConfig } from './config';
import { checkHostPort } from '../domain/host-port';
import { Manager } from './manager';

function parseArgs(argv: string[]): ManagerConfig {
  const program = new Command('shoal-manager')
    .description('Shoal manager: desired state in etcd, scheduling, healing, and the gRPC API')
    .option('--listen <host:port>', 'gRPC address to serve', DEFAULT_CONFIG.listen)
    .option('--etcd <urls>', 'use an existing etcd cluster (comma-separated client URLs) instead of the embedded one')
    .option('--data-dir <dir>', 'where the embedded etcd keeps its data', DEFAULT_CONFIG.dataDir)
    .option('--etcd-binary <path>', 'the etcd executable for the embedded etcd', DEFAULT_CONFIG.etcdBinary)
    .option('--etcd-prefix <prefix>', 'key prefix of Shoal state in etcd', DEFAULT_CONFIG.etcdPrefix)
    .option(
      '--node-timeout <duration>',
      'mark a node down after this long without a heartbeat',
      `${DEFAULT_CONFIG.nodeTimeoutMs / 1000}s`,
    )
    .option(
      '--heartbeat-interval <duration>',
      'how often agents heartbeat',
      `${DEFAULT_CONFIG.heartbeatIntervalMs / 1000}s`,
    )
    .option(
      '--default-addr-pool <cidr>',
      'where overlay networks get a /24 subnet unless they ask for one',
      DEFAULT_CONFIG.defaultAddrPool,
    )
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['trace', 'debug', 'info', 'warn', 'error'])
        .default(DEFAULT_CONFIG.logLevel),
    )
    .showHelpAfterError()
    .parse(argv);
  const o = program.opts<Record<string, string | undefined>>();
  const nodeTimeoutMs = checkDurationMs(o.nodeTimeout!, '--node-timeout');
  const heartbeatIntervalMs = checkDurationMs(o.heartbeatInterval!, '--heartbeat-interval');
  if (heartbeatIntervalMs >= nodeTimeoutMs) throw new Error('--heartbeat-interval must be shorter than --node-timeout');
  return {
    listen: checkHostPort(o.listen!, '--listen'),
    etcd: o.etcd ? checkEtcdUrls(o.etcd) : [],
    dataDir: o.dataDir!,
    etcdBinary: o.etcdBinary!,
    etcdPrefix: o.etcdPrefix!,
    nodeTimeoutMs,
    heartbeatIntervalMs,
    defaultAddrPool: checkAddrPool(o.defaultAddrPool!),
    logLevel: o.logLevel!,
  };
}

async function main(): Promise<void> {
  let config: ManagerConfig;
  try {
    config = parseArgs(process.argv);
  } catch (err) {
    process.stderr.write(`shoal-manager: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = pino({ level: config.logLevel, base: { component: 'manager' } });
  const manager = await Manager.start(config, logger).catch((err: unknown) => {
    logger.fatal({ err }, 'manager failed to start');
    process.exit(1);
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    manager.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
