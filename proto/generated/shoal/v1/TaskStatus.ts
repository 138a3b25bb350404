// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface TaskStatus {
  'state'?: (string);
  'message'?: (string);
  'err'?: (string);
  'timestamp'?: (number | string | Long);
  'containerId'?: (string);
  'exitCode'?: (number);
}

export interface TaskStatus__Output {
  'state': (string);
  'message': (string);
  'err': (string);
  'timestamp': (number);
  'containerId': (string);
  'exitCode': (number);
}
