// Original file: proto/shoal.proto

import type { LogLine as _shoal_v1_LogLine, LogLine__Output as _shoal_v1_LogLine__Output } from '../../shoal/v1/LogLine';

export interface AgentLogMessage {
  'sessionId'?: (string);
  'requestId'?: (string);
  'lines'?: (_shoal_v1_LogLine)[];
  'taskId'?: (string);
  'error'?: (string);
  'end'?: (boolean);
}

export interface AgentLogMessage__Output {
  'sessionId': (string);
  'requestId': (string);
  'lines': (_shoal_v1_LogLine__Output)[];
  'taskId': (string);
  'error': (string);
  'end': (boolean);
}
