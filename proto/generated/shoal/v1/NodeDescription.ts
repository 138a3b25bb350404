// Original file: proto/shoal.proto

import type { Platform as _shoal_v1_Platform, Platform__Output as _shoal_v1_Platform__Output } from '../../shoal/v1/Platform';
import type { Resources as _shoal_v1_Resources, Resources__Output as _shoal_v1_Resources__Output } from '../../shoal/v1/Resources';

export interface NodeDescription {
  'hostname'?: (string);
  'role'?: (string);
  'labels'?: ({[key: string]: string});
  'platform'?: (_shoal_v1_Platform | null);
  'resources'?: (_shoal_v1_Resources | null);
  'address'?: (string);
  'engineVersion'?: (string);
}

export interface NodeDescription__Output {
  'hostname': (string);
  'role': (string);
  'labels': ({[key: string]: string});
  'platform': (_shoal_v1_Platform__Output | null);
  'resources': (_shoal_v1_Resources__Output | null);
  'address': (string);
  'engineVersion': (string);
}
