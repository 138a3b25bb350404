// Original file: proto/shoal.proto

import type { NetworkPeer as _shoal_v1_NetworkPeer, NetworkPeer__Output as _shoal_v1_NetworkPeer__Output } from '../../shoal/v1/NetworkPeer';
import type { ServiceEndpoint as _shoal_v1_ServiceEndpoint, ServiceEndpoint__Output as _shoal_v1_ServiceEndpoint__Output } from '../../shoal/v1/ServiceEndpoint';

export interface NetworkView {
  'id'?: (string);
  'name'?: (string);
  'vni'?: (number);
  'subnet'?: (string);
  'gateway'?: (string);
  'internal'?: (boolean);
  'peers'?: (_shoal_v1_NetworkPeer)[];
  'services'?: (_shoal_v1_ServiceEndpoint)[];
}

export interface NetworkView__Output {
  'id': (string);
  'name': (string);
  'vni': (number);
  'subnet': (string);
  'gateway': (string);
  'internal': (boolean);
  'peers': (_shoal_v1_NetworkPeer__Output)[];
  'services': (_shoal_v1_ServiceEndpoint__Output)[];
}
