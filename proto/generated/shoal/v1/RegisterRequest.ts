// Original file: proto/shoal.proto

import type { NodeDescription as _shoal_v1_NodeDescription, NodeDescription__Output as _shoal_v1_NodeDescription__Output } from '../../shoal/v1/NodeDescription';

export interface RegisterRequest {
  'description'?: (_shoal_v1_NodeDescription | null);
}

export interface RegisterRequest__Output {
  'description': (_shoal_v1_NodeDescription__Output | null);
}
