// Original file: proto/shoal.proto


export interface RemoveNodeResponse {
  'id'?: (string);
  'hostname'?: (string);
}

export interface RemoveNodeResponse__Output {
  'id': (string);
  'hostname': (string);
}
