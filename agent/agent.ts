// The agent's wiring: a session with the manager feeds assignments to the worker, and the worker's
// task status reports go back through the session. Stopping leaves every container as it is.
import type { Logger } from 'pino';
import type { NodeDescription } from '../proto/types';
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
}

export class Agent {
  private readonly session: AgentSession;
  private readonly worker: Worker;

  constructor(opts: AgentOptions) {
    this.session = new AgentSession({
      manager: opts.manager,
      description: opts.description,
      logger: opts.logger,
      onAssignments: (msg) => this.worker.onAssignments(msg),
    });
    this.worker = new Worker({
      runtime: opts.runtime,
      report: (taskId, status) => this.session.report(taskId, status),
      logger: opts.logger,
      resyncIntervalMs: opts.resyncIntervalMs,
    });
  }

  /** The node id the manager gave, once registered. */
  get nodeId(): string {
    return this.session.nodeId;
  }

  start(): void {
    this.worker.start();
    this.session.start();
  }

  /** Stops talking to the manager and acting on containers; the containers keep running. */
  stop(): void {
    this.worker.stop();
    this.session.stop();
  }
}
