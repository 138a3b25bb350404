// Original file: proto/shoal.proto

import type { NetworkMapChange as _shoal_v1_NetworkMapChange, NetworkMapChange__Output as _shoal_v1_NetworkMapChange__Output } from '../../shoal/v1/NetworkMapChange';
import type { Long } from '@grpc/proto-loader';

export interface NetworkMap {
  'sequence'?: (number | string | Long);
  'type'?: (string);
  'batchBegin'?: (boolean);
  'batchEnd'?: (boolean);
  'changes'?: (_shoal_v1_NetworkMapChange)[];
}

export interface NetworkMap__Output {
  'sequence': (number);
  'type': (string);
  'batchBegin': (boolean);
  'batchEnd': (boolean);
  'changes': (_shoal_v1_NetworkMapChange__Output)[];
}
