// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface ClusterEvent {
  'time'?: (number | string | Long);
  'type'?: (string);
  'action'?: (string);
  'id'?: (string);
  'name'?: (string);
  'attributes'?: ({[key: string]: string});
}

export interface ClusterEvent__Output {
  'time': (number);
  'type': (string);
  'action': (string);
  'id': (string);
  'name': (string);
  'attributes': ({[key: string]: string});
}
