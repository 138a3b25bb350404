// Original file: proto/shoal.proto

import type { TaskView as _shoal_v1_TaskView, TaskView__Output as _shoal_v1_TaskView__Output } from '../../shoal/v1/TaskView';

export interface ListTasksResponse {
  'tasks'?: (_shoal_v1_TaskView)[];
}

export interface ListTasksResponse__Output {
  'tasks': (_shoal_v1_TaskView__Output)[];
}
