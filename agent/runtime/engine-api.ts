// The Docker Engine API's bodies and names that the container runtime port takes and returns: what the
// worker's container spec and the network agent's bridge networks build, and what the runtime sends.
// Shapes only, so the runtime, the worker and the network agent can share them without importing each other.

/** The label that marks a container as Shoal's, holding its task id. */
export const TASK_LABEL = 'shoal.task';

/** Marks the engine's networks that Shoal made, with the overlay's network id as the value. */
export const NETWORK_LABEL = 'com.shoal.network.id';

/** Docker's healthcheck config; durations in nanoseconds, 0 = inherit the image's (or Docker's default). */
export interface DockerHealthConfig {
  Test: string[];
  Interval: number;
  Timeout: number;
  Retries: number;
  StartPeriod: number;
  StartInterval?: number;
}

/** The fields of Docker's container create body that Shoal sets; the name goes in the query string. */
export interface DockerCreateBody {
  name: string;
  Image: string;
  Labels: Record<string, string>;
  Entrypoint?: string[];
  Cmd?: string[];
  Env: string[];
  User?: string;
  WorkingDir?: string;
  Hostname?: string;
  StopSignal?: string;
  /** Seconds between the stop signal and SIGKILL. */
  StopTimeout: number;
  Healthcheck?: DockerHealthConfig;
  /** The task's MAC on its first network (engines before API 1.44 take it here, not per endpoint). */
  MacAddress?: string;
  HostConfig: {
    NanoCpus: number;
    Memory: number;
    /** Never restarted by Docker: a dead task is replaced by the manager with a new task. */
    RestartPolicy: { Name: 'no' };
    /** The task's first network; unset (Docker's default bridge) for a task on no network. */
    NetworkMode?: string;
    /** The agent's DNS server on the first network's gateway. */
    Dns?: string[];
  };
  /** The first network's endpoint with the task's allocated address (engines take one endpoint at create). */
  NetworkingConfig?: { EndpointsConfig: Record<string, { IPAMConfig: { IPv4Address: string } }> };
}

/** The Docker Engine API's body for POST /networks/create. */
export interface BridgeNetworkCreateBody {
  Name: string;
  Driver: 'bridge';
  Internal: boolean;
  CheckDuplicate: true;
  IPAM: { Driver: 'default'; Config: { Subnet: string; Gateway: string }[] };
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

/** An engine network as listed (GET /networks), reduced to what the plan compares. */
export interface EngineNetwork {
  id: string;
  name: string;
  labels: Record<string, string>;
  /** The create options it was made with (the engine lists them as `Options`). */
  options: Record<string, string>;
  internal: boolean;
  subnets: { subnet: string; gateway: string }[];
}
