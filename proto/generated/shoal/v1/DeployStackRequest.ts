// Original file: proto/shoal.proto

import type { StackSpec as _shoal_v1_StackSpec, StackSpec__Output as _shoal_v1_StackSpec__Output } from '../../shoal/v1/StackSpec';

export interface DeployStackRequest {
  'stack'?: (_shoal_v1_StackSpec | null);
  'prune'?: (boolean);
}

export interface DeployStackRequest__Output {
  'stack': (_shoal_v1_StackSpec__Output | null);
  'prune': (boolean);
}
