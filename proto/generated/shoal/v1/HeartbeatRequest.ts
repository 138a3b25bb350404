// Original file: proto/shoal.proto


export interface HeartbeatRequest {
  'sessionId'?: (string);
  'awayMs'?: (number);
}

export interface HeartbeatRequest__Output {
  'sessionId': (string);
  'awayMs': (number);
}
