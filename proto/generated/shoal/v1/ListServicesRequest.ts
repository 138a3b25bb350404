// Original file: proto/shoal.proto

import type { ServiceFilter as _shoal_v1_ServiceFilter, ServiceFilter__Output as _shoal_v1_ServiceFilter__Output } from '../../shoal/v1/ServiceFilter';

export interface ListServicesRequest {
  'filter'?: (_shoal_v1_ServiceFilter | null);
}

export interface ListServicesRequest__Output {
  'filter': (_shoal_v1_ServiceFilter__Output | null);
}
