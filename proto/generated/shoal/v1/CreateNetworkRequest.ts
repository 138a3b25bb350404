// Original file: proto/shoal.proto

import type { NetworkSpec as _shoal_v1_NetworkSpec, NetworkSpec__Output as _shoal_v1_NetworkSpec__Output } from '../../shoal/v1/NetworkSpec';

export interface CreateNetworkRequest {
  'spec'?: (_shoal_v1_NetworkSpec | null);
}

export interface CreateNetworkRequest__Output {
  'spec': (_shoal_v1_NetworkSpec__Output | null);
}
