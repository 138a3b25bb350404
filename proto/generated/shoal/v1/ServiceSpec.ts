// Original file: proto/shoal.proto

import type { ContainerSpec as _shoal_v1_ContainerSpec, ContainerSpec__Output as _shoal_v1_ContainerSpec__Output } from '../../shoal/v1/ContainerSpec';
import type { Placement as _shoal_v1_Placement, Placement__Output as _shoal_v1_Placement__Output } from '../../shoal/v1/Placement';
import type { ResourceRequirements as _shoal_v1_ResourceRequirements, ResourceRequirements__Output as _shoal_v1_ResourceRequirements__Output } from '../../shoal/v1/ResourceRequirements';
import type { RestartPolicy as _shoal_v1_RestartPolicy, RestartPolicy__Output as _shoal_v1_RestartPolicy__Output } from '../../shoal/v1/RestartPolicy';
import type { UpdateConfig as _shoal_v1_UpdateConfig, UpdateConfig__Output as _shoal_v1_UpdateConfig__Output } from '../../shoal/v1/UpdateConfig';
import type { EndpointSpec as _shoal_v1_EndpointSpec, EndpointSpec__Output as _shoal_v1_EndpointSpec__Output } from '../../shoal/v1/EndpointSpec';
import type { NetworkAttachment as _shoal_v1_NetworkAttachment, NetworkAttachment__Output as _shoal_v1_NetworkAttachment__Output } from '../../shoal/v1/NetworkAttachment';
import type { Long } from '@grpc/proto-loader';

export interface ServiceSpec {
  'name'?: (string);
  'stack'?: (string);
  'labels'?: ({[key: string]: string});
  'container'?: (_shoal_v1_ContainerSpec | null);
  'mode'?: (string);
  'replicas'?: (number);
  'placement'?: (_shoal_v1_Placement | null);
  'resources'?: (_shoal_v1_ResourceRequirements | null);
  'restartPolicy'?: (_shoal_v1_RestartPolicy | null);
  'updateConfig'?: (_shoal_v1_UpdateConfig | null);
  'rollbackConfig'?: (_shoal_v1_UpdateConfig | null);
  'endpoint'?: (_shoal_v1_EndpointSpec | null);
  'networks'?: (_shoal_v1_NetworkAttachment)[];
  'forceUpdate'?: (number | string | Long);
  'rebalance'?: (boolean);
}

export interface ServiceSpec__Output {
  'name': (string);
  'stack': (string);
  'labels': ({[key: string]: string});
  'container': (_shoal_v1_ContainerSpec__Output | null);
  'mode': (string);
  'replicas': (number);
  'placement': (_shoal_v1_Placement__Output | null);
  'resources': (_shoal_v1_ResourceRequirements__Output | null);
  'restartPolicy': (_shoal_v1_RestartPolicy__Output | null);
  'updateConfig': (_shoal_v1_UpdateConfig__Output | null);
  'rollbackConfig': (_shoal_v1_UpdateConfig__Output | null);
  'endpoint': (_shoal_v1_EndpointSpec__Output | null);
  'networks': (_shoal_v1_NetworkAttachment__Output)[];
  'forceUpdate': (number);
  'rebalance': (boolean);
}
