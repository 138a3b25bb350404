// The container runtime port: only what the agent's worker, network agent and log relay call.
// DockerRuntime implements it against the Docker Engine API; FakeRuntime (testkit/) in memory.
//
// Errors, each carrying the engine's own message where the engine answered:
// - UnavailableError: the engine cannot be reached (transient: retry later).
// - ConflictError: a name already in use (HTTP 409; transient: the caller's view was stale).
// - InvalidArgumentError: the engine refuses the request itself (HTTP 400: an invalid reference format,
//   an invalid create body), or the request cannot even be sent (a NUL byte in it): no engine will ever
//   accept it.
// - EngineServerError, a FailedPreconditionError: the engine failed (HTTP 5xx), whether its own trouble
//   or a registry it could not reach.
// - FailedPreconditionError: any other refusal (HTTP 404 and the like: no such image, no such network;
//   a pull that failed in its progress stream).
// Whether a refusal ends a task or is retried is the worker's decision (isFinalRefusal in worker-plan.ts).
import { FailedPreconditionError } from '../../proto/errors';
import type { BridgeNetworkCreateBody, EngineNetwork, DockerCreateBody } from './engine-api';

/** The engine answered with a server error (HTTP 5xx): the engine's trouble, not the request's. */
export class EngineServerError extends FailedPreconditionError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Docker's container states (`State` in the engine's container list). */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** Docker's health states; 'none' when the container has no healthcheck. */
export type HealthState = 'none' | 'starting' | 'healthy' | 'unhealthy';

/** One of Shoal's containers (those labelled `shoal.task`), as the engine reports it now. */
export interface ContainerInfo {
  id: string;
  name: string;
  /** The `shoal.task` label: the task this container runs. */
  taskId: string;
  state: ContainerState;
  health: HealthState;
  /** Exit code once exited (0 otherwise). */
  exitCode: number;
  /** Whether the kernel's OOM killer ended it. */
  oomKilled: boolean;
  /** The engine networks it is attached to, with its IPv4 address on each; absent or empty: none. */
  networks?: ContainerNetwork[];
}

export interface ContainerNetwork {
  /** The engine network's name (for Shoal's overlays, the overlay's full name). */
  name: string;
  /** Its IPv4 address there, without prefix length; '' while it has none (not started). */
  ip: string;
}

/** A container event from the engine's event stream. */
export interface ContainerEvent {
  /** Docker's action, e.g. 'create', 'start', 'die', 'oom', 'destroy', 'health_status: healthy'. */
  action: string;
  containerId: string;
  /** The `shoal.task` label, '' for containers that are not Shoal's. */
  taskId: string;
  /** For 'die': the exit code. */
  exitCode?: number;
}

/** What part of a container's log to read. */
export interface LogOptions {
  /** After the lines there are, go on with new ones until the container stops. */
  follow: boolean;
  /** Lines from the end of the log; -1 = all. */
  tail: number;
  /** Only lines the engine received at or after this time (Unix ms); 0 = from the start. */
  since: number;
}

/** One whole line a container wrote, without its newline. */
export interface ContainerLogLine {
  stream: 'stdout' | 'stderr';
  /** When the engine received it (Unix ms). */
  time: number;
  text: string;
}

export interface ContainerRuntime {
  /** Shoal's containers, running or not. */
  list(): Promise<ContainerInfo[]>;
  imageExists(ref: string): Promise<boolean>;
  pullImage(ref: string): Promise<void>;
  /** Creates a container (not started); returns its id. */
  create(body: DockerCreateBody): Promise<string>;
  start(id: string): Promise<void>;
  /**
   * Sends the container's stop signal, then SIGKILL after its stop timeout (both set at create from the
   * task's stop_signal and stop_grace_period). A container already stopped is fine.
   */
  stop(id: string): Promise<void>;
  /** Removes a stopped container (and its anonymous volumes). A container already gone is fine. */
  remove(id: string): Promise<void>;
  /** The engine networks Shoal made (labelled with the overlay's network id). */
  listNetworks(): Promise<EngineNetwork[]>;
  /** Creates an engine network; returns its id. */
  createNetwork(body: BridgeNetworkCreateBody): Promise<string>;
  /** Removes an engine network; one already gone is fine. The engine refuses while containers run on it. */
  removeNetwork(id: string): Promise<void>;
  /** Attaches a created container to a further network, with a fixed IPv4 address (before it starts). */
  connectNetwork(containerId: string, network: string, ipv4: string): Promise<void>;
  /** The host pid of a running container's first process, to enter its network namespace. */
  containerPid(id: string): Promise<number>;
  /**
   * Reads a container's log: every line to `onLine`, then `onEnd` once the log ends (at once without
   * follow; when the container stops with it), with the error if reading failed: NotFoundError when
   * the container does not exist. The returned function stops reading; `onEnd` is not called then.
   */
  logs(
    containerId: string,
    opts: LogOptions,
    onLine: (line: ContainerLogLine) => void,
    onEnd: (err?: Error) => void,
  ): () => void;
  /** Follows container events until the returned function is called; reconnects if the stream breaks. */
  events(onEvent: (e: ContainerEvent) => void): () => void;
}
