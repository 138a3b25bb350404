// Original file: proto/shoal.proto

import type { Meta as _shoal_v1_Meta, Meta__Output as _shoal_v1_Meta__Output } from '../../shoal/v1/Meta';

export interface Stack {
  'name'?: (string);
  'meta'?: (_shoal_v1_Meta | null);
  'services'?: (string)[];
  'networks'?: (string)[];
}

export interface Stack__Output {
  'name': (string);
  'meta': (_shoal_v1_Meta__Output | null);
  'services': (string)[];
  'networks': (string)[];
}
