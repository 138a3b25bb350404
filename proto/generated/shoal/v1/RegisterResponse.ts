// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface RegisterResponse {
  'nodeId'?: (string);
  'sessionId'?: (string);
  'heartbeatIntervalMs'?: (number | string | Long);
}

export interface RegisterResponse__Output {
  'nodeId': (string);
  'sessionId': (string);
  'heartbeatIntervalMs': (number);
}
