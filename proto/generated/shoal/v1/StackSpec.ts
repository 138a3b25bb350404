// Original file: proto/shoal.proto

import type { ServiceSpec as _shoal_v1_ServiceSpec, ServiceSpec__Output as _shoal_v1_ServiceSpec__Output } from '../../shoal/v1/ServiceSpec';
import type { NetworkSpec as _shoal_v1_NetworkSpec, NetworkSpec__Output as _shoal_v1_NetworkSpec__Output } from '../../shoal/v1/NetworkSpec';

export interface StackSpec {
  'name'?: (string);
  'services'?: (_shoal_v1_ServiceSpec)[];
  'networks'?: (_shoal_v1_NetworkSpec)[];
}

export interface StackSpec__Output {
  'name': (string);
  'services': (_shoal_v1_ServiceSpec__Output)[];
  'networks': (_shoal_v1_NetworkSpec__Output)[];
}
