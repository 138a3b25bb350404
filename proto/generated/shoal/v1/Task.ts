// Original file: proto/shoal.proto

import type { Meta as _shoal_v1_Meta, Meta__Output as _shoal_v1_Meta__Output } from '../../shoal/v1/Meta';
import type { TaskStatus as _shoal_v1_TaskStatus, TaskStatus__Output as _shoal_v1_TaskStatus__Output } from '../../shoal/v1/TaskStatus';
import type { ServiceSpec as _shoal_v1_ServiceSpec, ServiceSpec__Output as _shoal_v1_ServiceSpec__Output } from '../../shoal/v1/ServiceSpec';
import type { NetworkAddress as _shoal_v1_NetworkAddress, NetworkAddress__Output as _shoal_v1_NetworkAddress__Output } from '../../shoal/v1/NetworkAddress';
import type { Long } from '@grpc/proto-loader';

export interface Task {
  'id'?: (string);
  'meta'?: (_shoal_v1_Meta | null);
  'serviceId'?: (string);
  'serviceName'?: (string);
  'slot'?: (number);
  'nodeId'?: (string);
  'desiredState'?: (string);
  'status'?: (_shoal_v1_TaskStatus | null);
  'spec'?: (_shoal_v1_ServiceSpec | null);
  'specVersion'?: (number | string | Long);
  'restartAt'?: (number | string | Long);
  'addresses'?: (_shoal_v1_NetworkAddress)[];
  'targetNodeId'?: (string);
}

export interface Task__Output {
  'id': (string);
  'meta': (_shoal_v1_Meta__Output | null);
  'serviceId': (string);
  'serviceName': (string);
  'slot': (number);
  'nodeId': (string);
  'desiredState': (string);
  'status': (_shoal_v1_TaskStatus__Output | null);
  'spec': (_shoal_v1_ServiceSpec__Output | null);
  'specVersion': (number);
  'restartAt': (number);
  'addresses': (_shoal_v1_NetworkAddress__Output)[];
  'targetNodeId': (string);
}
