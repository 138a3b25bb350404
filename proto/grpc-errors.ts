// The one mapping between Shoal's typed errors and gRPC errors, used by the servers and the client.
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import {
  ConflictError,
  FailedPreconditionError,
  InvalidArgumentError,
  InvalidSpecError,
  ShoalError,
  UnavailableError,
  type SpecIssue,
} from './errors';

const ISSUES_KEY = 'shoal-issues-bin';

/** Turns any error into the gRPC error a server handler returns. */
export function toGrpcError(err: unknown): Partial<ServiceError> {
  if (err instanceof ShoalError) {
    const metadata = new Metadata();
    if (err instanceof InvalidSpecError) metadata.set(ISSUES_KEY, Buffer.from(JSON.stringify(err.issues)));
    return { code: err.code, details: err.message, metadata };
  }
  return { code: GrpcStatus.INTERNAL, details: err instanceof Error ? err.message : String(err) };
}

/** Turns a gRPC error a client received back into Shoal's typed error where there is one. */
export function fromGrpcError(err: ServiceError): Error {
  switch (err.code) {
    case GrpcStatus.INVALID_ARGUMENT: {
      const raw = err.metadata?.get(ISSUES_KEY)[0];
      if (raw) return new InvalidSpecError(JSON.parse(Buffer.from(raw as Buffer).toString()) as SpecIssue[]);
      return new InvalidArgumentError(err.details);
    }
    case GrpcStatus.NOT_FOUND:
      return new NotFoundErrorFromWire(err.details);
    case GrpcStatus.ABORTED:
      return new ConflictError(err.details);
    case GrpcStatus.FAILED_PRECONDITION:
      return new FailedPreconditionError(err.details);
    case GrpcStatus.UNAVAILABLE:
      return new UnavailableError(`manager unavailable: ${err.details}`);
    default:
      return err;
  }
}

/** A not-found error as the client sees it: the server's message, without the typed context. */
class NotFoundErrorFromWire extends ShoalError {
  readonly code = GrpcStatus.NOT_FOUND;
}
