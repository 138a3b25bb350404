// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface RestartPolicy {
  'condition'?: (string);
  'delayMs'?: (number | string | Long);
  'maxAttempts'?: (number);
  'windowMs'?: (number | string | Long);
}

export interface RestartPolicy__Output {
  'condition': (string);
  'delayMs': (number);
  'maxAttempts': (number);
  'windowMs': (number);
}
