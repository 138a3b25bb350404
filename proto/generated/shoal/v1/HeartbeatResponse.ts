// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatResponse {
  'heartbeatIntervalMs'?: (number | string | Long);
}

export interface HeartbeatResponse__Output {
  'heartbeatIntervalMs': (number);
}
