// Original file: proto/shoal.proto


export interface UpdateNodeRequest {
  'name'?: (string);
  'labelAdd'?: (string)[];
  'labelRm'?: (string)[];
  'availability'?: (string);
}

export interface UpdateNodeRequest__Output {
  'name': (string);
  'labelAdd': (string)[];
  'labelRm': (string)[];
  'availability': (string);
}
