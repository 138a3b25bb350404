// Original file: proto/shoal.proto

import type { ScaleEntry as _shoal_v1_ScaleEntry, ScaleEntry__Output as _shoal_v1_ScaleEntry__Output } from '../../shoal/v1/ScaleEntry';

export interface ScaleServicesRequest {
  'entries'?: (_shoal_v1_ScaleEntry)[];
}

export interface ScaleServicesRequest__Output {
  'entries': (_shoal_v1_ScaleEntry__Output)[];
}
