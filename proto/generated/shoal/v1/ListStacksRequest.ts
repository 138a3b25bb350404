// Original file: proto/shoal.proto


export interface ListStacksRequest {
}

export interface ListStacksRequest__Output {
}
