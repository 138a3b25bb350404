// Original file: proto/shoal.proto

import type { Node as _shoal_v1_Node, Node__Output as _shoal_v1_Node__Output } from '../../shoal/v1/Node';

export interface ListNodesResponse {
  'nodes'?: (_shoal_v1_Node)[];
}

export interface ListNodesResponse__Output {
  'nodes': (_shoal_v1_Node__Output)[];
}
