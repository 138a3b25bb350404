// Original file: proto/shoal.proto

import type { Long } from '@grpc/proto-loader';

export interface LogLine {
  'taskId'?: (string);
  'stream'?: (string);
  'time'?: (number | string | Long);
  'text'?: (string);
}

export interface LogLine__Output {
  'taskId': (string);
  'stream': (string);
  'time': (number);
  'text': (string);
}
