// Original file: proto/shoal.proto

import type { ServiceProgress as _shoal_v1_ServiceProgress, ServiceProgress__Output as _shoal_v1_ServiceProgress__Output } from '../../shoal/v1/ServiceProgress';

export interface ProgressSnapshot {
  'services'?: (_shoal_v1_ServiceProgress)[];
  'converged'?: (boolean);
  'batchEnd'?: (boolean);
}

export interface ProgressSnapshot__Output {
  'services': (_shoal_v1_ServiceProgress__Output)[];
  'converged': (boolean);
  'batchEnd': (boolean);
}
