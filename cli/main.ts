#!/usr/bin/env node
// `shoal`: the command line for a Shoal cluster. Registers the commands; each command loads what it
// needs when it runs, so that `--help` and `stack config` start without loading gRPC.
import { Command, Option } from 'commander';
import { DEFAULT_MANAGER_ADDRESS } from './client';
import { printLines, type CliApp, type Terminal } from './commands/app';
import * as events from './commands/events';
import * as networkCreate from './commands/network-create';
import * as networkInspect from './commands/network-inspect';
import * as networkLs from './commands/network-ls';
import * as networkRm from './commands/network-rm';
import * as nodeInspect from './commands/node-inspect';
import * as nodeLs from './commands/node-ls';
import * as nodeRm from './commands/node-rm';
import * as nodeUpdate from './commands/node-update';
import * as serviceInspect from './commands/service-inspect';
import * as serviceLogs from './commands/service-logs';
import * as serviceLs from './commands/service-ls';
import * as servicePs from './commands/service-ps';
import * as serviceRm from './commands/service-rm';
import * as serviceRollback from './commands/service-rollback';
import * as serviceScale from './commands/service-scale';
import * as serviceUpdate from './commands/service-update';
import * as stackConfig from './commands/stack-config';
import * as stackDeploy from './commands/stack-deploy';
import * as stackLs from './commands/stack-ls';
import * as stackPs from './commands/stack-ps';
import * as stackRm from './commands/stack-rm';
import * as stackServices from './commands/stack-services';

interface GlobalOptions {
  manager: string;
  debug: boolean;
}

function terminal(stream: NodeJS.WriteStream): Terminal {
  return {
    write: (text) => void stream.write(text),
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns ?? 0;
    },
  };
}

function buildProgram(app: CliApp): Command {
  const program = new Command('shoal')
    .description('Run Compose stacks across a cluster of Docker hosts')
    .addOption(
      new Option('--manager <host:port>', 'address of the Shoal manager')
        .env('SHOAL_MANAGER')
        .default(DEFAULT_MANAGER_ADDRESS),
    )
    .option('--debug', 'show stack traces with errors', false)
    .showHelpAfterError('(run with --help for usage)');

  const stack = program.command('stack').description('manage stacks');
  for (const cmd of [stackConfig, stackDeploy, stackLs, stackPs, stackServices, stackRm]) cmd.register(stack, app);
  const service = program.command('service').description('manage services');
  for (const cmd of [
    serviceLs,
    servicePs,
    serviceInspect,
    serviceLogs,
    serviceScale,
    serviceUpdate,
    serviceRollback,
    serviceRm,
  ])
    cmd.register(service, app);
  const node = program.command('node').description('manage nodes');
  for (const cmd of [nodeLs, nodeInspect, nodeUpdate, nodeRm]) cmd.register(node, app);
  const network = program.command('network').description('manage overlay networks');
  for (const cmd of [networkCreate, networkLs, networkInspect, networkRm]) cmd.register(network, app);
  events.register(program, app);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const app: CliApp = {
    stdout: terminal(process.stdout),
    stderr: terminal(process.stderr),
    env: process.env,
    async withClient(fn) {
      const { connect } = await import('./client');
      const client = await connect(globals().manager);
      try {
        return await fn(client);
      } finally {
        client.close();
      }
    },
  };
  const program = buildProgram(app);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const { describeError } = await import('./report-error');
    printLines(app.stderr, describeError(err, { debug: globals().debug }));
    process.exitCode = 1;
  }
}

void main(process.argv);
