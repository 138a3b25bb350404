// Original file: proto/shoal.proto


export interface ScaleEntry {
  'service'?: (string);
  'replicas'?: (number);
}

export interface ScaleEntry__Output {
  'service': (string);
  'replicas': (number);
}
