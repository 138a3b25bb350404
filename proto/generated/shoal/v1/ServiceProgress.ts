// Original file: proto/shoal.proto

import type { TaskProgress as _shoal_v1_TaskProgress, TaskProgress__Output as _shoal_v1_TaskProgress__Output } from '../../shoal/v1/TaskProgress';

export interface ServiceProgress {
  'service'?: (string);
  'desired'?: (number);
  'running'?: (number);
  'converged'?: (boolean);
  'tasks'?: (_shoal_v1_TaskProgress)[];
  'removed'?: (boolean);
  'updateState'?: (string);
  'updateMessage'?: (string);
  'tasksNotShown'?: (number);
}

export interface ServiceProgress__Output {
  'service': (string);
  'desired': (number);
  'running': (number);
  'converged': (boolean);
  'tasks': (_shoal_v1_TaskProgress__Output)[];
  'removed': (boolean);
  'updateState': (string);
  'updateMessage': (string);
  'tasksNotShown': (number);
}
