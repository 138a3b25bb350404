// Original file: proto/shoal.proto


export interface ListNetworksRequest {
}

export interface ListNetworksRequest__Output {
}
