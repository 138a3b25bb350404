// Original file: proto/shoal.proto


export interface ListNodesRequest {
}

export interface ListNodesRequest__Output {
}
