// Original file: proto/shoal.proto

import type { NetworkView as _shoal_v1_NetworkView, NetworkView__Output as _shoal_v1_NetworkView__Output } from '../../shoal/v1/NetworkView';
import type { NetworkPeer as _shoal_v1_NetworkPeer, NetworkPeer__Output as _shoal_v1_NetworkPeer__Output } from '../../shoal/v1/NetworkPeer';
import type { ServiceEndpoint as _shoal_v1_ServiceEndpoint, ServiceEndpoint__Output as _shoal_v1_ServiceEndpoint__Output } from '../../shoal/v1/ServiceEndpoint';
import type { PublishedService as _shoal_v1_PublishedService, PublishedService__Output as _shoal_v1_PublishedService__Output } from '../../shoal/v1/PublishedService';

export interface NetworkMapChange {
  'op'?: (string);
  'networkId'?: (string);
  'network'?: (_shoal_v1_NetworkView | null);
  'peer'?: (_shoal_v1_NetworkPeer | null);
  'endpoint'?: (_shoal_v1_ServiceEndpoint | null);
  'published'?: (_shoal_v1_PublishedService | null);
  'object'?: "network"|"peer"|"endpoint"|"published";
}

export interface NetworkMapChange__Output {
  'op': (string);
  'networkId': (string);
  'network'?: (_shoal_v1_NetworkView__Output | null);
  'peer'?: (_shoal_v1_NetworkPeer__Output | null);
  'endpoint'?: (_shoal_v1_ServiceEndpoint__Output | null);
  'published'?: (_shoal_v1_PublishedService__Output | null);
  'object'?: "network"|"peer"|"endpoint"|"published";
}
