// Original file: proto/shoal.proto

import type { LogLine as _shoal_v1_LogLine, LogLine__Output as _shoal_v1_LogLine__Output } from '../../shoal/v1/LogLine';

export interface TaskLogLine {
  'taskId'?: (string);
  'service'?: (string);
  'slot'?: (number);
  'nodeId'?: (string);
  'node'?: (string);
  'line'?: (_shoal_v1_LogLine | null);
}

export interface TaskLogLine__Output {
  'taskId': (string);
  'service': (string);
  'slot': (number);
  'nodeId': (string);
  'node': (string);
  'line': (_shoal_v1_LogLine__Output | null);
}
