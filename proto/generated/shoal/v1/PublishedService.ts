// Original file: proto/shoal.proto

import type { PortConfig as _shoal_v1_PortConfig, PortConfig__Output as _shoal_v1_PortConfig__Output } from '../../shoal/v1/PortConfig';
import type { PublishedBackend as _shoal_v1_PublishedBackend, PublishedBackend__Output as _shoal_v1_PublishedBackend__Output } from '../../shoal/v1/PublishedBackend';

export interface PublishedService {
  'serviceId'?: (string);
  'name'?: (string);
  'ports'?: (_shoal_v1_PortConfig)[];
  'backends'?: (_shoal_v1_PublishedBackend)[];
}

export interface PublishedService__Output {
  'serviceId': (string);
  'name': (string);
  'ports': (_shoal_v1_PortConfig__Output)[];
  'backends': (_shoal_v1_PublishedBackend__Output)[];
}
