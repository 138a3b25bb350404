// Loads proto/shoal.proto once, with the same options the type generator uses (see package.json
// "proto:gen"), so the runtime objects match proto/generated/.
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/shoal';

export const PROTO_FILE = path.join(__dirname, 'shoal.proto');

export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

let cached: ProtoGrpcType | undefined;

export function loadShoalProto(): ProtoGrpcType {
  if (!cached) {
    const def = protoLoader.loadSync(PROTO_FILE, LOADER_OPTIONS);
    cached = grpc.loadPackageDefinition(def) as unknown as ProtoGrpcType;
  }
  return cached;
}

/**
 * The bytes `reply` takes encoded as a reply of `service`.`method`, exactly as gRPC sends it: what
 * the receiver's 4 MiB limit counts. One repeated field's entry alone measures what it adds to a message.
 */
export function encodedReplySize(service: 'Control' | 'Dispatcher', method: string, reply: object): number {
  const def = loadShoalProto().shoal.v1[service].service[method];
  if (!def) throw new Error(`no method ${service}.${method} in shoal.proto`);
  return def.responseSerialize(reply).length;
}
