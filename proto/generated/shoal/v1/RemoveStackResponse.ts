// Original file: proto/shoal.proto


export interface RemoveStackResponse {
  'removedServices'?: (string)[];
  'removedNetworks'?: (string)[];
}

export interface RemoveStackResponse__Output {
  'removedServices': (string)[];
  'removedNetworks': (string)[];
}
