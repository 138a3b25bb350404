// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface Resources {
  'nanoCpus'?: (number | string | Long);
  'memoryBytes'?: (number | string | Long);
}

export interface Resources__Output {
  'nanoCpus': (number);
  'memoryBytes': (number);
}
