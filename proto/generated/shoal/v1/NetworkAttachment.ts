// Original file: proto/shoal.proto


export interface NetworkAttachment {
  'target'?: (string);
  'aliases'?: (string)[];
}

export interface NetworkAttachment__Output {
  'target': (string);
  'aliases': (string)[];
}
