// Original file: proto/shoal.proto


export interface PlacementPreference {
  'spread'?: (string);
}

export interface PlacementPreference__Output {
  'spread': (string);
}
