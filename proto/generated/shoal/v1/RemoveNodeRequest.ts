// Original file: proto/shoal.proto


export interface RemoveNodeRequest {
  'name'?: (string);
}

export interface RemoveNodeRequest__Output {
  'name': (string);
}
