// Original file: proto/shoal.proto


export interface PortConfig {
  'protocol'?: (string);
  'targetPort'?: (number);
  'publishedPort'?: (number);
  'publishMode'?: (string);
}

export interface PortConfig__Output {
  'protocol': (string);
  'targetPort': (number);
  'publishedPort': (number);
  'publishMode': (string);
}
