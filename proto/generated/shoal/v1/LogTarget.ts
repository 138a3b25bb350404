// Original file: proto/shoal.proto


export interface LogTarget {
  'taskId'?: (string);
  'containerId'?: (string);
}

export interface LogTarget__Output {
  'taskId': (string);
  'containerId': (string);
}
