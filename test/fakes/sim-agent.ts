// SimAgent: a simulated agent for integration tests and the control-plane benchmark. It runs the
// real AgentSession over real gRPC, but its "containers" are entries in a map (a fake runtime):
// an assigned task is reported running at once, a task taken away is reported shut down.
import pino from 'pino';
import { AgentSession } from '../../agent/session';
import type { AssignmentsMessage__Output } from '../../proto/generated/shoal/v1/AssignmentsMessage';
import type { NodeDescription, Task } from '../../proto/types';

export interface SimAgentOptions {
  manager: string;
  hostname: string;
  role?: 'manager' | 'worker';
  labels?: Record<string, string>;
  nanoCpus?: number;
  memoryBytes?: number;
}

export class SimAgent {
  readonly running = new Map<string, Task>();
  private session?: AgentSession;
  private readonly description: NodeDescription;

  constructor(private readonly opts: SimAgentOptions) {
    this.description = {
      hostname: opts.hostname,
      role: opts.role ?? 'worker',
      labels: opts.labels ?? {},
      platform: { os: 'linux', arch: 'x86_64' },
      resources: { nanoCpus: opts.nanoCpus ?? 4e9, memoryBytes: opts.memoryBytes ?? 8 * 2 ** 30 },
      address: '127.0.0.1',
      engineVersion: 'simulated',
    };
  }

  get nodeId(): string {
    return this.session?.nodeId ?? '';
  }

  start(): void {
    this.session = new AgentSession({
      manager: this.opts.manager,
      description: this.description,
      logger: pino({ level: 'silent' }),
      onAssignments: (msg) => this.apply(msg),
    });
    this.session.start();
  }

  /** Goes silent, like a host cut off the network: no goodbye, no heartbeats; its "containers" keep running. */
  disconnect(): void {
    this.session?.stop();
    this.session = undefined;
  }

  /** Goes silent, like a lost host: its "containers" are gone too. */
  kill(): void {
    this.disconnect();
    this.running.clear();
  }

  private apply(msg: AssignmentsMessage__Output): void {
    const session = this.session!;
    const now = Date.now();
    const wanted = new Set(msg.tasks.map((t) => t.id));
    const removed = msg.type === 'complete' ? [...this.running.keys()].filter((id) => !wanted.has(id)) : msg.removedTaskIds;
    for (const id of removed) {
      if (!this.running.delete(id)) continue;
      session.report(id, { state: 'shutdown', message: 'stopped', err: '', timestamp: now, containerId: `sim-${id}`, exitCode: 0 });
    }
    for (const t of msg.tasks as Task[]) {
      if (this.running.has(t.id)) continue;
      this.running.set(t.id, t);
      session.report(t.id, { state: 'running', message: 'started', err: '', timestamp: now, containerId: `sim-${t.id}`, exitCode: 0 });
    }
  }
}
