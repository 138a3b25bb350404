// Original file: proto/shoal.proto


export interface UpdateServiceRequest {
  'service'?: (string);
  'image'?: (string);
  'envAdd'?: (string)[];
  'replicas'?: (number);
  'force'?: (boolean);
  'rollback'?: (boolean);
  'rebalance'?: (boolean);
  '_replicas'?: "replicas";
}

export interface UpdateServiceRequest__Output {
  'service': (string);
  'image': (string);
  'envAdd': (string)[];
  'replicas'?: (number);
  'force': (boolean);
  'rollback': (boolean);
  'rebalance': (boolean);
  '_replicas'?: "replicas";
}
