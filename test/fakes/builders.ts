// Builders for test objects in the decoded (`__Output`) shape: every proto field present, with a
// default a test can override. Nested messages take a partial that is merged over their defaults.
import type {
  ContainerSpec,
  Meta,
  Network,
  NetworkAllocation,
  NetworkSpec,
  Node,
  NodeDescription,
  Placement,
  Resources,
  RestartPolicy,
  Service,
  ServiceSpec,
  Task,
  TaskStatus,
  UpdateConfig,
} from '../../proto/types';
import type { AssignmentsMessage__Output } from '../../proto/generated/shoal/v1/AssignmentsMessage';

const GIB = 1024 ** 3;
const NANO_CPUS_PER_CPU = 1e9;

let nextId = 0;
/** A fresh id, so two built objects never collide unless a test asks for it. */
function freshId(kind: string): string {
  nextId += 1;
  return `${kind}-${nextId}`;
}

export function makeMeta(o: Partial<Meta> = {}): Meta {
  return { version: 1, createdAt: 0, updatedAt: 0, ...o };
}

export function makeResources(o: Partial<Resources> = {}): Resources {
  return { nanoCpus: 0, memoryBytes: 0, ...o };
}

export function makeRestartPolicy(o: Partial<RestartPolicy> = {}): RestartPolicy {
  return { condition: 'any', delayMs: 0, maxAttempts: 0, windowMs: 0, ...o };
}

export function makeUpdateConfig(o: Partial<UpdateConfig> = {}): UpdateConfig {
  return {
    parallelism: 1,
    delayMs: 0,
    failureAction: 'pause',
    monitorMs: 5000,
    maxFailureRatio: 0,
    order: 'stop-first',
    ...o,
  };
}

export function makeContainerSpec(o: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    image: 'nginx:alpine',
    entrypoint: [],
    command: [],
    env: [],
    labels: {},
    user: '',
    workingDir: '',
    hostname: '',
    stopGracePeriodMs: 10_000,
    stopSignal: '',
    healthcheck: null,
    ...o,
  };
}

export interface SpecOverrides extends Partial<
  Omit<ServiceSpec, 'container' | 'placement' | 'resources' | 'restartPolicy' | 'updateConfig' | 'rollbackConfig'>
> {
  container?: Partial<ContainerSpec>;
  placement?: Partial<Placement>;
  /** Reservations and limits; zero is none. */
  resources?: { reservations?: Partial<Resources>; limits?: Partial<Resources> };
  restartPolicy?: Partial<RestartPolicy>;
  updateConfig?: Partial<UpdateConfig>;
  rollbackConfig?: Partial<UpdateConfig>;
}

export function makeSpec(o: SpecOverrides = {}): ServiceSpec {
  const { container, placement, resources, restartPolicy, updateConfig, rollbackConfig, ...rest } = o;
  return {
    name: 'web',
    stack: '',
    labels: {},
    mode: 'replicated',
    replicas: 1,
    endpoint: { mode: 'vip', ports: [] },
    networks: [],
    forceUpdate: 0,
    rebalance: false,
    ...rest,
    container: makeContainerSpec(container),
    placement: { constraints: [], preferences: [], maxReplicasPerNode: 0, ...placement },
    resources: { reservations: makeResources(resources?.reservations), limits: makeResources(resources?.limits) },
    restartPolicy: makeRestartPolicy(restartPolicy),
    updateConfig: makeUpdateConfig(updateConfig),
    rollbackConfig: makeUpdateConfig(rollbackConfig),
  };
}

export interface ServiceOverrides extends Partial<Omit<Service, 'spec'>> {
  spec?: SpecOverrides;
}

export function makeService(o: ServiceOverrides = {}): Service {
  const { spec, ...rest } = o;
  return {
    id: freshId('svc'),
    meta: makeMeta(),
    specVersion: 1,
    virtualIps: [],
    updateStatus: null,
    previousSpec: null,
    previousSpecVersion: 0,
    rebalanceRequested: false,
    ...rest,
    spec: makeSpec(spec),
  };
}

export interface TaskOverrides extends Partial<Omit<Task, 'status' | 'spec'>> {
  status?: Partial<TaskStatus>;
  spec?: SpecOverrides;
}

export function makeTask(o: TaskOverrides = {}): Task {
  const { status, spec, ...rest } = o;
  return {
    id: freshId('task'),
    meta: makeMeta(),
    serviceId: 'svc-1',
    serviceName: 'web',
    slot: 1,
    nodeId: '',
    targetNodeId: '',
    desiredState: 'running',
    specVersion: 1,
    restartAt: 0,
    addresses: [],
    ...rest,
    status: { state: 'new', message: '', err: '', timestamp: 0, containerId: '', exitCode: 0, ...status },
    spec: makeSpec(spec),
  };
}

export interface NodeOverrides extends Partial<Omit<Node, 'description'>> {
  description?: Partial<NodeDescription>;
}

export function makeNode(o: NodeOverrides = {}): Node {
  const { description, ...rest } = o;
  const id = rest.id ?? freshId('node');
  return {
    meta: makeMeta(),
    labels: {},
    availability: 'active',
    status: 'ready',
    statusMessage: '',
    lastSeen: 0,
    ...rest,
    id,
    description: {
      hostname: id,
      role: 'worker',
      labels: {},
      platform: { os: 'linux', arch: 'x86_64' },
      resources: { nanoCpus: 4 * NANO_CPUS_PER_CPU, memoryBytes: 8 * GIB },
      address: '10.0.0.1',
      engineVersion: '27.0.0',
      ...description,
    },
  };
}

export function makeNetworkSpec(o: Partial<NetworkSpec> = {}): NetworkSpec {
  return {
    name: 'web_default',
    stack: 'web',
    driver: 'overlay',
    labels: {},
    driverOpts: {},
    internal: false,
    attachable: false,
    external: false,
    ipam: [],
    ...o,
  };
}

export function makeNetwork(o: {
  id: string;
  spec?: Partial<NetworkSpec>;
  allocation?: NetworkAllocation | null;
}): Network {
  return { id: o.id, meta: makeMeta(), spec: makeNetworkSpec(o.spec), allocation: o.allocation ?? null };
}

/** A complete assignment set in one message: the node must run these tasks and nothing else. */
export function makeCompleteSet(...tasks: Task[]): AssignmentsMessage__Output {
  return { type: 'complete', sequence: 1, tasks, removedTaskIds: [], completeBegin: true, completeEnd: true };
}

/** An incremental assignment message: tasks added or changed, ids no longer the node's. */
export function makeIncremental(tasks: Task[], removedTaskIds: string[] = []): AssignmentsMessage__Output {
  return { type: 'incremental', sequence: 2, tasks, removedTaskIds, completeBegin: false, completeEnd: false };
}
