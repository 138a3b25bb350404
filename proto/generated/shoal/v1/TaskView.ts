// Original file: proto/shoal.proto

import type { Task as _shoal_v1_Task, Task__Output as _shoal_v1_Task__Output } from '../../shoal/v1/Task';

export interface TaskView {
  'task'?: (_shoal_v1_Task | null);
  'nodeHostname'?: (string);
}

export interface TaskView__Output {
  'task': (_shoal_v1_Task__Output | null);
  'nodeHostname': (string);
}
