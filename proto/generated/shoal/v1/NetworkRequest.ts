// Original file: proto/shoal.proto


export interface NetworkRequest {
  'name'?: (string);
}

export interface NetworkRequest__Output {
  'name': (string);
}
