// Original file: proto/shoal.proto


export interface RemoveServiceResponse {
  'removed'?: (string)[];
}

export interface RemoveServiceResponse__Output {
  'removed': (string)[];
}
