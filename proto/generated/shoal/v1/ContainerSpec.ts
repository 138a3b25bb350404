// Original file: proto/shoal.proto

import type { HealthCheck as _shoal_v1_HealthCheck, HealthCheck__Output as _shoal_v1_HealthCheck__Output } from '../../shoal/v1/HealthCheck';
import type { Long } from '@grpc/proto-loader';

export interface ContainerSpec {
  'image'?: (string);
  'entrypoint'?: (string)[];
  'command'?: (string)[];
  'env'?: (string)[];
  'labels'?: ({[key: string]: string});
  'user'?: (string);
  'workingDir'?: (string);
  'hostname'?: (string);
  'stopGracePeriodMs'?: (number | string | Long);
  'stopSignal'?: (string);
  'healthcheck'?: (_shoal_v1_HealthCheck | null);
}

export interface ContainerSpec__Output {
  'image': (string);
  'entrypoint': (string)[];
  'command': (string)[];
  'env': (string)[];
  'labels': ({[key: string]: string});
  'user': (string);
  'workingDir': (string);
  'hostname': (string);
  'stopGracePeriodMs': (number);
  'stopSignal': (string);
  'healthcheck': (_shoal_v1_HealthCheck__Output | null);
}
