// Original file: proto/shoal.proto


export interface ReplicaCount {
  'desired'?: (number);
  'running'?: (number);
}

export interface ReplicaCount__Output {
  'desired': (number);
  'running': (number);
}
