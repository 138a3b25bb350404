// SimAgent: a simulated agent for integration tests and the control-plane benchmark. It runs the
// real AgentSession over real gRPC, but its "containers" are entries in a map (a fake runtime):
// an assigned task is reported running at once, a task taken away is reported shut down. Each
// container writes one log line when it starts (`startLine`), which the log channel serves. With
// `networkMap`, it also follows the node's network map as the real agent does (NetworkMapReceiver).
import pino from 'pino';
import { planReceivedAssignments, type AssignmentUpdate, type PartialSet } from '../agent/assignment-chunks';
import { NetworkMapReceiver, type WholeNetworkMap } from '../agent/network-map-chunks';
import { AgentSession } from '../agent/session';
import type { AssignmentsMessage__Output } from '../proto/generated/shoal/v1/AssignmentsMessage';
import type { NetworkMap__Output } from '../proto/generated/shoal/v1/NetworkMap';
import { encodedReplySize } from '../proto/loader';
import type { NodeDescription, Task } from '../proto/types';
import { FakeRuntime } from './fake-runtime';

export interface SimAgentOptions {
  manager: string;
  hostname: string;
  role?: 'manager' | 'worker';
  labels?: Record<string, string>;
  nanoCpus?: number;
  memoryBytes?: number;
  /** Tasks of these images fail as soon as they are assigned (exit 1), like a broken release. */
  failImages?: string[];
  /** Follow the node's network map (off by default: a map costs the manager per node, and most tests need none). */
  networkMap?: boolean;
}

/** One network-map message as it came: its batch and whether it ended it, its count of changes, its encoded size. */
export interface MapMessageSeen {
  sequence: number;
  type: string;
  end: boolean;
  changes: number;
  bytes: number;
}

/** The line a simulated task's container writes when it starts. */
export function startLine(hostname: string, taskId: string): string {
  return `task ${taskId} started on ${hostname}`;
}

/** A simulated task's container id. */
export function simContainerId(taskId: string): string {
  return `sim-${taskId}`;
}

export class SimAgent {
  readonly running = new Map<string, Task>();
  /** Tasks failed at once (see `failImages`); never started again. */
  private readonly failed = new Set<string>();
  /** The containers' logs, read through the log channel; a test may write more lines. */
  readonly runtime = new FakeRuntime();
  /** Sessions this agent registered: one, unless it lost its session and registered again. */
  registrations = 0;
  private session?: AgentSession;
  private partialSet?: PartialSet;
  private readonly maps = new NetworkMapReceiver();
  /** The node's whole network map after the last batch (with `networkMap`). */
  networkMap?: WholeNetworkMap;
  /** Every network-map message received, in order, and what could not be applied. */
  readonly mapMessages: MapMessageSeen[] = [];
  readonly mapProblems: string[] = [];
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
      onAssignments: (msg) => this.receive(msg),
      onRegistered: () => this.registrations++,
      onNetworkMap: this.opts.networkMap ? (msg) => this.receiveMap(msg) : undefined,
      logSource: this.runtime,
    });
    this.session.start();
  }

  /** Goes silent, like a host cut off the network: no goodbye, no heartbeats; its "containers" keep running. */
  disconnect(): void {
    void this.session?.stop();
    this.session = undefined;
  }

  /**
   * Stops as a restarting agent does: tells the manager it will be back within `awayMs`; its
   * "containers" keep running.
   */
  async stopToRestart(awayMs: number): Promise<void> {
    await this.session?.stop(awayMs);
    this.session = undefined;
  }

  /** Goes silent, like a lost host: its "containers" are gone too. */
  kill(): void {
    this.disconnect();
    this.running.clear();
  }

  /** Takes a message as the real worker does: a complete set is applied only once all its chunks came. */
  private receive(msg: AssignmentsMessage__Output): void {
    const plan = planReceivedAssignments(this.partialSet, msg);
    this.partialSet = plan.partial;
    if (plan.apply) this.apply(plan.apply);
  }

  private receiveMap(msg: NetworkMap__Output): void {
    const bytes = encodedReplySize('Dispatcher', 'WatchNetworkMap', msg);
    const seen = {
      sequence: Number(msg.sequence),
      type: msg.type,
      end: msg.batchEnd,
      changes: msg.changes.length,
      bytes,
    };
    this.mapMessages.push(seen);
    const { map, problems } = this.maps.receive(msg);
    this.mapProblems.push(...problems);
    if (map) this.networkMap = map;
  }

  private apply(msg: AssignmentUpdate): void {
    const session = this.session!;
    const now = Date.now();
    const wanted = new Set(msg.tasks.map((t) => t.id));
    const removed =
      msg.type === 'complete' ? [...this.running.keys()].filter((id) => !wanted.has(id)) : msg.removedTaskIds;
    for (const id of removed) {
      if (!this.running.delete(id)) continue;
      this.runtime.exit(simContainerId(id), 0);
      session.report(id, {
        state: 'shutdown',
        message: 'stopped',
        err: '',
        timestamp: now,
        containerId: simContainerId(id),
        exitCode: 0,
      });
    }
    for (const t of msg.tasks) {
      if (this.running.has(t.id) || this.failed.has(t.id)) continue;
      if (this.opts.failImages?.includes(t.spec.container.image)) {
        this.failed.add(t.id);
        session.report(t.id, {
          state: 'failed',
          message: 'container ended',
          err: 'task: non-zero exit (1)',
          timestamp: now,
          containerId: simContainerId(t.id),
          exitCode: 1,
        });
        continue;
      }
      this.running.set(t.id, t);
      this.runtime.addContainer({ id: simContainerId(t.id), taskId: t.id });
      this.runtime.writeLog(simContainerId(t.id), startLine(this.opts.hostname, t.id), { time: now });
      session.report(t.id, {
        state: 'running',
        message: 'started',
        err: '',
        timestamp: now,
        containerId: simContainerId(t.id),
        exitCode: 0,
      });
    }
  }
}
