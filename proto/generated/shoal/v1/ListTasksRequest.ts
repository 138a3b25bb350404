// Original file: proto/shoal.proto


export interface ListTasksRequest {
  'stack'?: (string);
  'services'?: (string)[];
  'node'?: (string);
}

export interface ListTasksRequest__Output {
  'stack': (string);
  'services': (string)[];
  'node': (string);
}
