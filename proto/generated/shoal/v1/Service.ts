// Original file: proto/shoal.proto

import type { Meta as _shoal_v1_Meta, Meta__Output as _shoal_v1_Meta__Output } from '../../shoal/v1/Meta';
import type { ServiceSpec as _shoal_v1_ServiceSpec, ServiceSpec__Output as _shoal_v1_ServiceSpec__Output } from '../../shoal/v1/ServiceSpec';
import type { NetworkAddress as _shoal_v1_NetworkAddress, NetworkAddress__Output as _shoal_v1_NetworkAddress__Output } from '../../shoal/v1/NetworkAddress';
import type { UpdateStatus as _shoal_v1_UpdateStatus, UpdateStatus__Output as _shoal_v1_UpdateStatus__Output } from '../../shoal/v1/UpdateStatus';
import type { Long } from '@grpc/proto-loader';

export interface Service {
  'id'?: (string);
  'meta'?: (_shoal_v1_Meta | null);
  'spec'?: (_shoal_v1_ServiceSpec | null);
  'specVersion'?: (number | string | Long);
  'virtualIps'?: (_shoal_v1_NetworkAddress)[];
  'updateStatus'?: (_shoal_v1_UpdateStatus | null);
  'previousSpec'?: (_shoal_v1_ServiceSpec | null);
  'previousSpecVersion'?: (number | string | Long);
  'rebalanceRequested'?: (boolean);
}

export interface Service__Output {
  'id': (string);
  'meta': (_shoal_v1_Meta__Output | null);
  'spec': (_shoal_v1_ServiceSpec__Output | null);
  'specVersion': (number);
  'virtualIps': (_shoal_v1_NetworkAddress__Output)[];
  'updateStatus': (_shoal_v1_UpdateStatus__Output | null);
  'previousSpec': (_shoal_v1_ServiceSpec__Output | null);
  'previousSpecVersion': (number);
  'rebalanceRequested': (boolean);
}
