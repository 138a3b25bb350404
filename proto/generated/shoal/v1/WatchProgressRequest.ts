// Original file: proto/shoal.proto


export interface WatchProgressRequest {
  'services'?: (string)[];
}

export interface WatchProgressRequest__Output {
  'services': (string)[];
}
