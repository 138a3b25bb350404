// Original file: proto/shoal.proto

import type { TaskLogLine as _shoal_v1_TaskLogLine, TaskLogLine__Output as _shoal_v1_TaskLogLine__Output } from '../../shoal/v1/TaskLogLine';

export interface ServiceLogsMessage {
  'lines'?: (_shoal_v1_TaskLogLine)[];
  'notice'?: (string);
}

export interface ServiceLogsMessage__Output {
  'lines': (_shoal_v1_TaskLogLine__Output)[];
  'notice': (string);
}
