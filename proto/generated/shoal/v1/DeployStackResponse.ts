// Original file: proto/shoal.proto

import type { ServiceChange as _shoal_v1_ServiceChange, ServiceChange__Output as _shoal_v1_ServiceChange__Output } from '../../shoal/v1/ServiceChange';

export interface DeployStackResponse {
  'changes'?: (_shoal_v1_ServiceChange)[];
  'warnings'?: (string)[];
}

export interface DeployStackResponse__Output {
  'changes': (_shoal_v1_ServiceChange__Output)[];
  'warnings': (string)[];
}
