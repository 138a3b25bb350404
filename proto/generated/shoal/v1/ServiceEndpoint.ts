// Original file: proto/shoal.proto

import type { PortConfig as _shoal_v1_PortConfig, PortConfig__Output as _shoal_v1_PortConfig__Output } from '../../shoal/v1/PortConfig';

export interface ServiceEndpoint {
  'serviceId'?: (string);
  'name'?: (string);
  'shortName'?: (string);
  'stack'?: (string);
  'mode'?: (string);
  'vip'?: (string);
  'aliases'?: (string)[];
  'ports'?: (_shoal_v1_PortConfig)[];
  'taskIps'?: (string)[];
}

export interface ServiceEndpoint__Output {
  'serviceId': (string);
  'name': (string);
  'shortName': (string);
  'stack': (string);
  'mode': (string);
  'vip': (string);
  'aliases': (string)[];
  'ports': (_shoal_v1_PortConfig__Output)[];
  'taskIps': (string)[];
}
