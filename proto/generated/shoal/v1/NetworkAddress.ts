// Original file: proto/shoal.proto


export interface NetworkAddress {
  'networkId'?: (string);
  'network'?: (string);
  'address'?: (string);
}

export interface NetworkAddress__Output {
  'networkId': (string);
  'network': (string);
  'address': (string);
}
