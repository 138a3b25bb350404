// The container runtime port: only what the agent's worker, network agent and log relay call.
// DockerRuntime implements it against the Docker Engine API; FakeRuntime (testkit/) in memory.
//
// Errors: an engine that cannot be reached throws UnavailableError (transient: retry later); an engine
// that answers with a refusal throws FailedPreconditionError carrying the engine's own message (a pull
// of an image that does not exist, an invalid create body): retrying the same call will not help.
import type { BridgeNetworkCreateBody, EngineNetwork, DockerCreateBody } from './engine-api';

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
