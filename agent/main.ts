#!/usr/bin/env node
// shoal-agent: registers this host with the manager and runs its assigned tasks as Docker containers.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { Command, Option } from 'commander';
import pino from 'pino';
import { checkHostPort } from '../domain/host-port';
import { parseLabel } from '../domain/labels';
import { InvalidArgumentError } from '../proto/errors';
import type { NodeRole } from '../proto/types';
import { Agent } from './agent';
import { upstreamsFromResolvConf, type Upstream } from './dns/resolv-conf';
import { firstNonLoopbackIPv4, toNodeDescription } from './node-description';
import { DockerRuntime, toDockerConnection } from './runtime/docker-runtime';

const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';
const RESOLV_CONF = '/etc/resolv.conf';
/** A restarting agent is back within a second or two; ten leave room for a slow start (the manager caps it at 30 s). */
const RESTART_GRACE_MS = 10_000;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

interface AgentConfig {
  manager: string;
  name: string;
  dockerHost: string;
  labels: Record<string, string>;
  advertiseAddr: string;
  role: NodeRole;
  logLevel: string;
}

function collectLabel(value: string, previous: Record<string, string>): Record<string, string> {
  const label = parseLabel(value);
  if (!label.ok)
    throw new InvalidArgumentError(`--label: want KEY=VALUE or KEY, got ${JSON.stringify(value)} (${label.error})`);
  return { ...previous, [label.key]: label.value };
}

function parseArgs(argv: string[]): AgentConfig {
  const program = new Command('shoal-agent')
    .description('Shoal agent: runs the tasks the manager assigns to this host as Docker containers')
    .requiredOption('--manager <host:port>', "the manager's gRPC address")
    .option('--name <node>', 'node hostname to register as (default: this host name)')
    .option('--docker-host <url>', 'Docker engine address (unix:///path or tcp://host:port)', DEFAULT_DOCKER_HOST)
    .option('--label <k=v>', 'node label, repeatable', collectLabel, {})
    .option('--advertise-addr <ip>', "this node's address (default: the first non-loopback IPv4)")
    .addOption(new Option('--role <role>', 'node role').choices(['manager', 'worker']).default('worker'))
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['trace', 'debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    // Commander's own errors (unknown option, bad choice): one line, exit code 2 like Shoal's checks below.
    .configureOutput({ outputError: (msg, write) => write(`shoal-agent: ${msg.replace(/^error: /, '')}`) })
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .parse(argv);
  const o = program.opts<{
    manager: string;
    name?: string;
    dockerHost: string;
    label: Record<string, string>;
    advertiseAddr?: string;
    role: NodeRole;
    logLevel: string;
  }>();
  toDockerConnection(o.dockerHost); // checks the address
  if (o.advertiseAddr !== undefined) {
    const m = IPV4.exec(o.advertiseAddr);
    if (!m || m.slice(1).some((b) => Number(b) > 255))
      throw new InvalidArgumentError(`--advertise-addr: want an IPv4 address, got ${JSON.stringify(o.advertiseAddr)}`);
  }
  return {
    manager: checkHostPort(o.manager, '--manager'),
    name: o.name ?? hostname(),
    dockerHost: o.dockerHost,
    labels: o.label,
    advertiseAddr: o.advertiseAddr ?? firstNonLoopbackIPv4(networkInterfaces()),
    role: o.role,
    logLevel: o.logLevel,
  };
}

/**
 * A resolver on loopback (systemd-resolved's 127.0.0.53) answers only this host; containers asking
 * through us cannot use it.
 */
function isLoopback(address: string): boolean {
  return isIP(address) === 4 ? address.startsWith('127.') : address === '::1';
}

/** The host's resolvers for names that are not the cluster's; none (SERVFAIL for those) when the file is missing. */
function hostUpstreams(logger: pino.Logger): Upstream[] {
  let text = '';
  try {
    text = readFileSync(RESOLV_CONF, 'utf8');
  } catch (err) {
    logger.warn(
      { err, file: RESOLV_CONF },
      'no host resolvers; names outside the cluster will not resolve in containers',
    );
  }
  return upstreamsFromResolvConf(text).filter((u) => !isLoopback(u.address));
}

async function main(): Promise<void> {
  let config: AgentConfig;
  try {
    config = parseArgs(process.argv);
  } catch (err) {
    process.stderr.write(`shoal-agent: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = pino({ level: config.logLevel, base: { component: 'agent', 'node.hostname': config.name } });
  const runtime = new DockerRuntime(config.dockerHost, logger);
  const engine = await runtime.describeEngine().catch((err: unknown) => {
    logger.fatal({ err, 'docker.host': config.dockerHost }, 'cannot reach the Docker engine');
    process.exit(1);
  });
  const description = toNodeDescription(
    { hostname: config.name, role: config.role, labels: config.labels, address: config.advertiseAddr },
    engine,
  );
  const dnsUpstreams = hostUpstreams(logger);
  const agent = new Agent({ manager: config.manager, description, runtime, logger, dnsUpstreams });
  agent.start();
  logger.info(
    {
      manager: config.manager,
      'docker.host': config.dockerHost,
      'engine.version': engine.engineVersion,
      'dns.upstreams': dnsUpstreams.map((u) => u.address),
    },
    'agent started',
  );
  // Like dockerd's live-restore: the containers keep running, and the next agent adopts them. A
  // stopped agent is taken as restarting (an upgrade, a service restart): the manager keeps its node
  // up for RESTART_GRACE_MS; a crashed or killed one says nothing and its node is down after the
  // node timeout.
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping; containers are left running');
    void agent.stop(RESTART_GRACE_MS).finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
