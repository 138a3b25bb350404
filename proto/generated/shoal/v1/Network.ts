// Original file: proto/shoal.proto

import type { Meta as _shoal_v1_Meta, Meta__Output as _shoal_v1_Meta__Output } from '../../shoal/v1/Meta';
import type { NetworkSpec as _shoal_v1_NetworkSpec, NetworkSpec__Output as _shoal_v1_NetworkSpec__Output } from '../../shoal/v1/NetworkSpec';
import type { NetworkAllocation as _shoal_v1_NetworkAllocation, NetworkAllocation__Output as _shoal_v1_NetworkAllocation__Output } from '../../shoal/v1/NetworkAllocation';

export interface Network {
  'id'?: (string);
  'meta'?: (_shoal_v1_Meta | null);
  'spec'?: (_shoal_v1_NetworkSpec | null);
  'allocation'?: (_shoal_v1_NetworkAllocation | null);
}

export interface Network__Output {
  'id': (string);
  'meta': (_shoal_v1_Meta__Output | null);
  'spec': (_shoal_v1_NetworkSpec__Output | null);
  'allocation': (_shoal_v1_NetworkAllocation__Output | null);
}
