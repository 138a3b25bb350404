// Original file: proto/shoal.proto


export interface UpdateServiceResponse {
  'service'?: (string);
  'change'?: (string);
}

export interface UpdateServiceResponse__Output {
  'service': (string);
  'change': (string);
}
