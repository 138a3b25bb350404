// Original file: proto/shoal.proto

import type { IpamConfig as _shoal_v1_IpamConfig, IpamConfig__Output as _shoal_v1_IpamConfig__Output } from '../../shoal/v1/IpamConfig';

export interface NetworkSpec {
  'name'?: (string);
  'stack'?: (string);
  'driver'?: (string);
  'labels'?: ({[key: string]: string});
  'driverOpts'?: ({[key: string]: string});
  'internal'?: (boolean);
  'attachable'?: (boolean);
  'external'?: (boolean);
  'ipam'?: (_shoal_v1_IpamConfig)[];
}

export interface NetworkSpec__Output {
  'name': (string);
  'stack': (string);
  'driver': (string);
  'labels': ({[key: string]: string});
  'driverOpts': ({[key: string]: string});
  'internal': (boolean);
  'attachable': (boolean);
  'external': (boolean);
  'ipam': (_shoal_v1_IpamConfig__Output)[];
}
