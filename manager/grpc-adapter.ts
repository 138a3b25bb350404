// Adapts async handlers to grpc-js callbacks: one place where errors become gRPC statuses.
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { ShoalError } from '../proto/errors';
import { toGrpcError } from '../proto/grpc-errors';

export function unary<Req, Res>(method: string, logger: Logger, fn: (req: Req) => Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    fn(call.request).then(
      (res) => callback(null, res),
      (err: unknown) => {
        if (err instanceof ShoalError) logger.debug({ err, method }, 'request refused');
        else logger.error({ err, method }, 'request failed');
        callback(toGrpcError(err), null);
      },
    );
  };
}
