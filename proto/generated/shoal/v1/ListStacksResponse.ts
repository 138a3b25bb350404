// Original file: proto/shoal.proto

import type { StackSummary as _shoal_v1_StackSummary, StackSummary__Output as _shoal_v1_StackSummary__Output } from '../../shoal/v1/StackSummary';

export interface ListStacksResponse {
  'stacks'?: (_shoal_v1_StackSummary)[];
}

export interface ListStacksResponse__Output {
  'stacks': (_shoal_v1_StackSummary__Output)[];
}
