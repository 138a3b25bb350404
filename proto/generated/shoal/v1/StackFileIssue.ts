// Original file: proto/shoal.proto


export interface StackFileIssue {
  'file'?: (string);
  'line'?: (number);
  'column'?: (number);
  'path'?: (string);
  'message'?: (string);
}

export interface StackFileIssue__Output {
  'file': (string);
  'line': (number);
  'column': (number);
  'path': (string);
  'message': (string);
}
