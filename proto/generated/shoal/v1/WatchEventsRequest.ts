// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchEventsRequest {
  'since'?: (number | string | Long);
  'until'?: (number | string | Long);
  'filters'?: (string)[];
}

export interface WatchEventsRequest__Output {
  'since': (number);
  'until': (number);
  'filters': (string)[];
}
