// The agent's wiring: a session with the manager feeds assignments to the worker and the network map
// to the network agent; the worker's task status reports go back through the session, and the
// manager's log requests are answered from the runtime on the session's log channel. The worker
// waits for the network agent (networks to exist, backends to leave the map before a stop), and the
// network agent wakes it after every map it applies. Stopping leaves every container as it is.
import type { Logger } from 'pino';
import type { NodeDescription } from '../proto/types';
import type { Upstream } from './dns/resolv-conf';
import { DnsServer } from './dns/server';
import { ExecCommandRunner, type CommandRunner } from './network/ip';
import { NetworkMapReceiver } from './network-map-chunks';
import { NetworkAgent } from './network/network-agent';
import type { ContainerRuntime } from './runtime/container-runtime';
import { AgentSession } from './session';
import { Worker } from './worker';

export interface AgentOptions {
  /** The manager's HOST:PORT. */
  manager: string;
  description: NodeDescription;
  runtime: ContainerRuntime;
  logger: Logger;
  /** How often the worker re-lists containers without an event (tests shorten it). */
  resyncIntervalMs?: number;
  /** Runs `ip`, `bridge`, `nft` and `nsenter` in the engine's network namespace; default: this process's. */
  runner?: CommandRunner;
  /** Where the DNS server forwards names that are not the cluster's; none: those get SERVFAIL. */
  dnsUpstreams?: readonly Upstream[];
}

export class Agent {
  private readonly session: AgentSession;
  private readonly worker: Worker;
  private readonly network: NetworkAgent;
  private readonly maps = new NetworkMapReceiver();

  constructor(opts: AgentOptions) {
    this.network = new NetworkAgent({
      runtime: opts.runtime,
      runner: opts.runner ?? new ExecCommandRunner(),
      localAddress: opts.description.address,
      newDns: () => new DnsServer({ upstreams: opts.dnsUpstreams ?? [], logger: opts.logger }),
      logger: opts.logger,
      onApplied: () => this.worker.networksChanged(),
    });
    this.session = new AgentSession({
      manager: opts.manager,
      description: opts.description,
      logger: opts.logger,
      onAssignments: (msg) => this.worker.onAssignments(msg),
      onNetworkMap: (msg) => {
        const { map, problems } = this.maps.receive(msg);
        if (problems.length)
          opts.logger.warn({ problems, 'map.sequence': msg.sequence }, 'network map changes skipped');
        if (map) this.network.onNetworkMap(map);
      },
      logSource: opts.runtime,
    });
    this.worker = new Worker({
      runtime: opts.runtime,
      report: (taskId, status) => this.session.report(taskId, status),
      logger: opts.logger,
      resyncIntervalMs: opts.resyncIntervalMs,
      backends: () => this.network.backends(),
    });
  }

  /** The node id the manager gave, once registered. */
  get nodeId(): string {
    return this.session.nodeId;
  }

  start(): void {
    this.network.start();
    this.worker.start();
    this.session.start();
  }

  /** Stops talking to the manager and acting on containers and networks; the containers keep running. */
  /** Stops acting; containers are left running. `awayMs`: this agent restarts and is back within that long. */
  async stop(awayMs = 0): Promise<void> {
    this.worker.stop();
    await this.session.stop(awayMs);
    await this.network.stop();
  }
}
