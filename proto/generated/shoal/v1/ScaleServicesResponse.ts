// Original file: proto/shoal.proto


export interface ScaleServicesResponse {
  'services'?: (string)[];
}

export interface ScaleServicesResponse__Output {
  'services': (string)[];
}
