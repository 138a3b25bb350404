// Original file: proto/shoal.proto


export interface GetNodeRequest {
  'name'?: (string);
}

export interface GetNodeRequest__Output {
  'name': (string);
}
