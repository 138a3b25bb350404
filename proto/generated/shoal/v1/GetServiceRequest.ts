// Original file: proto/shoal.proto


export interface GetServiceRequest {
  'name'?: (string);
}

export interface GetServiceRequest__Output {
  'name': (string);
}
