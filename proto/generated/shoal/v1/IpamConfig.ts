// Original file: proto/shoal.proto


export interface IpamConfig {
  'subnet'?: (string);
  'gateway'?: (string);
  'ipRange'?: (string);
}

export interface IpamConfig__Output {
  'subnet': (string);
  'gateway': (string);
  'ipRange': (string);
}
