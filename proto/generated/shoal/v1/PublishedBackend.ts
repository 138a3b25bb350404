// Original file: proto/shoal.proto


export interface PublishedBackend {
  'address'?: (string);
  'nodeAddress'?: (string);
}

export interface PublishedBackend__Output {
  'address': (string);
  'nodeAddress': (string);
}
