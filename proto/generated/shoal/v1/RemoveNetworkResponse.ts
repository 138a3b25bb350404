// Original file: proto/shoal.proto


export interface RemoveNetworkResponse {
}

export interface RemoveNetworkResponse__Output {
}
