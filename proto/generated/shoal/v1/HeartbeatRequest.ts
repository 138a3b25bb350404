// Original file: proto/shoal.proto


export interface HeartbeatRequest {
  'sessionId'?: (string);
}

export interface HeartbeatRequest__Output {
  'sessionId': (string);
}
