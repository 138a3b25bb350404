// Original file: proto/shoal.proto

import type { Task as _shoal_v1_Task, Task__Output as _shoal_v1_Task__Output } from '../../shoal/v1/Task';
import type { Long } from '@grpc/proto-loader';

export interface AssignmentsMessage {
  'type'?: (string);
  'sequence'?: (number | string | Long);
  'tasks'?: (_shoal_v1_Task)[];
  'removedTaskIds'?: (string)[];
  'completeBegin'?: (boolean);
  'completeEnd'?: (boolean);
}

export interface AssignmentsMessage__Output {
  'type': (string);
  'sequence': (number);
  'tasks': (_shoal_v1_Task__Output)[];
  'removedTaskIds': (string)[];
  'completeBegin': (boolean);
  'completeEnd': (boolean);
}
