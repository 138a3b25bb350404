// Original file: proto/shoal.proto


export interface RemoveServiceRequest {
  'names'?: (string)[];
}

export interface RemoveServiceRequest__Output {
  'names': (string)[];
}
