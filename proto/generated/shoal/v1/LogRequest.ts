// Original file: proto/shoal.proto

import type { LogTarget as _shoal_v1_LogTarget, LogTarget__Output as _shoal_v1_LogTarget__Output } from '../../shoal/v1/LogTarget';
import type { Long } from '@grpc/proto-loader';

export interface LogRequest {
  'requestId'?: (string);
  'cancel'?: (boolean);
  'targets'?: (_shoal_v1_LogTarget)[];
  'follow'?: (boolean);
  'tail'?: (number | string | Long);
  'since'?: (number | string | Long);
}

export interface LogRequest__Output {
  'requestId': (string);
  'cancel': (boolean);
  'targets': (_shoal_v1_LogTarget__Output)[];
  'follow': (boolean);
  'tail': (number);
  'since': (number);
}
