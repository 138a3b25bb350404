// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface ServiceLogsRequest {
  'service'?: (string);
  'follow'?: (boolean);
  'tail'?: (number | string | Long);
  'since'?: (number | string | Long);
}

export interface ServiceLogsRequest__Output {
  'service': (string);
  'follow': (boolean);
  'tail': (number);
  'since': (number);
}
