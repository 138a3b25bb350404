// Original file: proto/shoal.proto

import type { PlacementPreference as _shoal_v1_PlacementPreference, PlacementPreference__Output as _shoal_v1_PlacementPreference__Output } from '../../shoal/v1/PlacementPreference';

export interface Placement {
  'constraints'?: (string)[];
  'preferences'?: (_shoal_v1_PlacementPreference)[];
  'maxReplicasPerNode'?: (number);
}

export interface Placement__Output {
  'constraints': (string)[];
  'preferences': (_shoal_v1_PlacementPreference__Output)[];
  'maxReplicasPerNode': (number);
}
