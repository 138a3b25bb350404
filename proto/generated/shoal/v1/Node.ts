// Original file: proto/shoal.proto

import type { Meta as _shoal_v1_Meta, Meta__Output as _shoal_v1_Meta__Output } from '../../shoal/v1/Meta';
import type { NodeDescription as _shoal_v1_NodeDescription, NodeDescription__Output as _shoal_v1_NodeDescription__Output } from '../../shoal/v1/NodeDescription';
import type { Long } from '@grpc/proto-loader';

export interface Node {
  'id'?: (string);
  'meta'?: (_shoal_v1_Meta | null);
  'description'?: (_shoal_v1_NodeDescription | null);
  'labels'?: ({[key: string]: string});
  'availability'?: (string);
  'status'?: (string);
  'statusMessage'?: (string);
  'lastSeen'?: (number | string | Long);
}

export interface Node__Output {
  'id': (string);
  'meta': (_shoal_v1_Meta__Output | null);
  'description': (_shoal_v1_NodeDescription__Output | null);
  'labels': ({[key: string]: string});
  'availability': (string);
  'status': (string);
  'statusMessage': (string);
  'lastSeen': (number);
}
