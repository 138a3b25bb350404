// Original file: proto/shoal.proto

import type { Service as _shoal_v1_Service, Service__Output as _shoal_v1_Service__Output } from '../../shoal/v1/Service';
import type { ReplicaCount as _shoal_v1_ReplicaCount, ReplicaCount__Output as _shoal_v1_ReplicaCount__Output } from '../../shoal/v1/ReplicaCount';

export interface ServiceView {
  'service'?: (_shoal_v1_Service | null);
  'replicas'?: (_shoal_v1_ReplicaCount | null);
}

export interface ServiceView__Output {
  'service': (_shoal_v1_Service__Output | null);
  'replicas': (_shoal_v1_ReplicaCount__Output | null);
}
