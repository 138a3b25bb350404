// Original file: proto/shoal.proto

import type { ServiceView as _shoal_v1_ServiceView, ServiceView__Output as _shoal_v1_ServiceView__Output } from '../../shoal/v1/ServiceView';

export interface ListServicesResponse {
  'services'?: (_shoal_v1_ServiceView)[];
}

export interface ListServicesResponse__Output {
  'services': (_shoal_v1_ServiceView__Output)[];
}
