// Original file: proto/shoal.proto


export interface NetworkMapRequest {
  'sessionId'?: (string);
}

export interface NetworkMapRequest__Output {
  'sessionId': (string);
}
