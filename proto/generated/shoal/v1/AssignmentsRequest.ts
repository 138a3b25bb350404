// Original file: proto/shoal.proto


export interface AssignmentsRequest {
  'sessionId'?: (string);
}

export interface AssignmentsRequest__Output {
  'sessionId': (string);
}
