// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface UpdateConfig {
  'parallelism'?: (number);
  'delayMs'?: (number | string | Long);
  'failureAction'?: (string);
  'monitorMs'?: (number | string | Long);
  'maxFailureRatio'?: (number | string);
  'order'?: (string);
}

export interface UpdateConfig__Output {
  'parallelism': (number);
  'delayMs': (number);
  'failureAction': (string);
  'monitorMs': (number);
  'maxFailureRatio': (number);
  'order': (string);
}
