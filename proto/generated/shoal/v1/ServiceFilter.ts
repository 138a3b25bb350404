// Original file: proto/shoal.proto


export interface ServiceFilter {
  'stack'?: (string);
  'names'?: (string)[];
}

export interface ServiceFilter__Output {
  'stack': (string);
  'names': (string)[];
}
