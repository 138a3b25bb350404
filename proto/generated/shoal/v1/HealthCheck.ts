// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface HealthCheck {
  'test'?: (string)[];
  'intervalMs'?: (number | string | Long);
  'timeoutMs'?: (number | string | Long);
  'retries'?: (number);
  'startPeriodMs'?: (number | string | Long);
  'startIntervalMs'?: (number | string | Long);
}

export interface HealthCheck__Output {
  'test': (string)[];
  'intervalMs': (number);
  'timeoutMs': (number);
  'retries': (number);
  'startPeriodMs': (number);
  'startIntervalMs': (number);
}
