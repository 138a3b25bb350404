// Short names for the generated message types. Code inside Shoal works with the `__Output` shapes,
// where every field is present (the loader runs with `defaults: true`).
import type { ContainerSpec__Output } from './generated/shoal/v1/ContainerSpec';
import type { EndpointSpec__Output } from './generated/shoal/v1/EndpointSpec';
import type { HealthCheck__Output } from './generated/shoal/v1/HealthCheck';
import type { Meta__Output } from './generated/shoal/v1/Meta';
import type { Network__Output } from './generated/shoal/v1/Network';
import type { NetworkAddress__Output } from './generated/shoal/v1/NetworkAddress';
import type { NetworkAllocation__Output } from './generated/shoal/v1/NetworkAllocation';
import type { NetworkAttachment__Output } from './generated/shoal/v1/NetworkAttachment';
import type { NetworkSpec__Output } from './generated/shoal/v1/NetworkSpec';
import type { Node__Output } from './generated/shoal/v1/Node';
import type { NodeDescription__Output } from './generated/shoal/v1/NodeDescription';
import type { Placement__Output } from './generated/shoal/v1/Placement';
import type { PortConfig__Output } from './generated/shoal/v1/PortConfig';
import type { ResourceRequirements__Output } from './generated/shoal/v1/ResourceRequirements';
import type { Resources__Output } from './generated/shoal/v1/Resources';
import type { RestartPolicy__Output } from './generated/shoal/v1/RestartPolicy';
import type { Service__Output } from './generated/shoal/v1/Service';
import type { ServiceSpec__Output } from './generated/shoal/v1/ServiceSpec';
import type { Stack__Output } from './generated/shoal/v1/Stack';
import type { StackSpec__Output } from './generated/shoal/v1/StackSpec';
import type { Task__Output } from './generated/shoal/v1/Task';
import type { TaskStatus__Output } from './generated/shoal/v1/TaskStatus';
import type { UpdateConfig__Output } from './generated/shoal/v1/UpdateConfig';
import type { UpdateStatus__Output } from './generated/shoal/v1/UpdateStatus';

/** T with the message fields K always set: objects Shoal stores and specs it accepts have them. */
type With<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };

export type ContainerSpec = ContainerSpec__Output;
export type EndpointSpec = EndpointSpec__Output;
export type HealthCheck = HealthCheck__Output;
export type Meta = Meta__Output;
export type NetworkAttachment = NetworkAttachment__Output;
export type NetworkAddress = NetworkAddress__Output;
export type NetworkAllocation = NetworkAllocation__Output;
export type NetworkSpec = NetworkSpec__Output;
export type Placement = Placement__Output;
export type PortConfig = PortConfig__Output;
export type Resources = Resources__Output;
export type ResourceRequirements = With<ResourceRequirements__Output, 'limits' | 'reservations'>;
export type RestartPolicy = RestartPolicy__Output;
export type UpdateConfig = UpdateConfig__Output;
export type UpdateStatus = UpdateStatus__Output;
export type TaskStatus = TaskStatus__Output;
export type ServiceSpec = Omit<
  With<
    ServiceSpec__Output,
    'container' | 'placement' | 'restartPolicy' | 'updateConfig' | 'rollbackConfig' | 'endpoint'
  >,
  'resources'
> & { resources: ResourceRequirements };
export type StackSpec = Omit<StackSpec__Output, 'services'> & { services: ServiceSpec[] };
export type Service = Omit<With<Service__Output, 'meta'>, 'spec' | 'previousSpec'> & {
  spec: ServiceSpec;
  previousSpec: ServiceSpec | null;
};
export type Stack = With<Stack__Output, 'meta'>;
/** `allocation` is null until the manager has allocated the network. */
export type Network = With<Network__Output, 'meta' | 'spec'>;
export type Task = Omit<With<Task__Output, 'meta' | 'status'>, 'spec'> & { spec: ServiceSpec };
export type NodeDescription = With<NodeDescription__Output, 'platform' | 'resources'>;
export type Node = Omit<With<Node__Output, 'meta'>, 'description'> & { description: NodeDescription };

export type ServiceMode = 'replicated' | 'global';
export type TaskState =
  | 'new'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'orphaned';
export type DesiredState = 'running' | 'shutdown' | 'remove';
export type NodeStatus = 'ready' | 'down';
export type NodeAvailability = 'active' | 'pause' | 'drain';
export type NodeRole = 'manager' | 'worker';
export type RestartCondition = 'any' | 'on-failure' | 'none';
