// Original file: proto/shoal.proto


export interface RemoveStackRequest {
  'name'?: (string);
}

export interface RemoveStackRequest__Output {
  'name': (string);
}
