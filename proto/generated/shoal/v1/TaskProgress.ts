// Original file: proto/shoal.proto


export interface TaskProgress {
  'name'?: (string);
  'state'?: (string);
  'message'?: (string);
  'err'?: (string);
  'node'?: (string);
}

export interface TaskProgress__Output {
  'name': (string);
  'state': (string);
  'message': (string);
  'err': (string);
  'node': (string);
}
