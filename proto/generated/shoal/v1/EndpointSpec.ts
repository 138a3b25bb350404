// Original file: proto/shoal.proto

import type { PortConfig as _shoal_v1_PortConfig, PortConfig__Output as _shoal_v1_PortConfig__Output } from '../../shoal/v1/PortConfig';

export interface EndpointSpec {
  'mode'?: (string);
  'ports'?: (_shoal_v1_PortConfig)[];
}

export interface EndpointSpec__Output {
  'mode': (string);
  'ports': (_shoal_v1_PortConfig__Output)[];
}
