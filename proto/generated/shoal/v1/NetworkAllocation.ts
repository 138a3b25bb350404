// Original file: proto/shoal.proto


export interface NetworkAllocation {
  'vni'?: (number);
  'subnet'?: (string);
  'gateway'?: (string);
}

export interface NetworkAllocation__Output {
  'vni': (number);
  'subnet': (string);
  'gateway': (string);
}
