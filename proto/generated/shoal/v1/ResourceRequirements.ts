// Original file: proto/shoal.proto

import type { Resources as _shoal_v1_Resources, Resources__Output as _shoal_v1_Resources__Output } from '../../shoal/v1/Resources';

export interface ResourceRequirements {
  'limits'?: (_shoal_v1_Resources | null);
  'reservations'?: (_shoal_v1_Resources | null);
}

export interface ResourceRequirements__Output {
  'limits': (_shoal_v1_Resources__Output | null);
  'reservations': (_shoal_v1_Resources__Output | null);
}
