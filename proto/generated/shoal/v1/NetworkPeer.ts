// Original file: proto/shoal.proto


export interface NetworkPeer {
  'nodeId'?: (string);
  'address'?: (string);
  'taskIps'?: (string)[];
}

export interface NetworkPeer__Output {
  'nodeId': (string);
  'address': (string);
  'taskIps': (string)[];
}
