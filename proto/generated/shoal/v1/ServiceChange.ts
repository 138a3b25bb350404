// Original file: proto/shoal.proto


export interface ServiceChange {
  'service'?: (string);
  'change'?: (string);
}

export interface ServiceChange__Output {
  'service': (string);
  'change': (string);
}
