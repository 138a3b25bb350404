// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface UpdateStatus {
  'state'?: (string);
  'message'?: (string);
  'startedAt'?: (number | string | Long);
  'completedAt'?: (number | string | Long);
}

export interface UpdateStatus__Output {
  'state': (string);
  'message': (string);
  'startedAt': (number);
  'completedAt': (number);
}
