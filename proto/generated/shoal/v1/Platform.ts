// Original file: proto/shoal.proto


export interface Platform {
  'os'?: (string);
  'arch'?: (string);
}

export interface Platform__Output {
  'os': (string);
  'arch': (string);
}
