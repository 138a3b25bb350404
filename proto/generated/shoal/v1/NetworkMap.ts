// Original file: proto/shoal.proto

import type { NetworkView as _shoal_v1_NetworkView, NetworkView__Output as _shoal_v1_NetworkView__Output } from '../../shoal/v1/NetworkView';
import type { PublishedService as _shoal_v1_PublishedService, PublishedService__Output as _shoal_v1_PublishedService__Output } from '../../shoal/v1/PublishedService';
import type { Long } from '@grpc/proto-loader';

export interface NetworkMap {
  'sequence'?: (number | string | Long);
  'networks'?: (_shoal_v1_NetworkView)[];
  'published'?: (_shoal_v1_PublishedService)[];
}

export interface NetworkMap__Output {
  'sequence': (number);
  'networks': (_shoal_v1_NetworkView__Output)[];
  'published': (_shoal_v1_PublishedService__Output)[];
}
