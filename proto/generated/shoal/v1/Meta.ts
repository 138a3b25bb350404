// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface Meta {
  'version'?: (number | string | Long);
  'createdAt'?: (number | string | Long);
  'updatedAt'?: (number | string | Long);
}

export interface Meta__Output {
  'version': (number);
  'createdAt': (number);
  'updatedAt': (number);
}
