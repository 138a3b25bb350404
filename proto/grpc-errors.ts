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

/**
 * An error travels in HTTP/2 trailers (its message, and its issues again as metadata), which a client
 * refuses past 64 KiB in all: what an error says of a very large request (ten thousand issues, a
 * 100,000-character value quoted) is cut to this many bytes each, so that the refusal still arrives.
 */
const MAX_ERROR_TEXT = 8 * 1024;

/** The issues that fit MAX_ERROR_TEXT, then one saying how many more there were. */
function boundedIssues(issues: readonly SpecIssue[]): SpecIssue[] {
  const out: SpecIssue[] = [];
  let bytes = 0;
  for (const issue of issues) {
    const size = Buffer.byteLength(JSON.stringify(issue));
    if (bytes + size > MAX_ERROR_TEXT) {
      out.push({ path: '', message: `... and ${issues.length - out.length} more issues` });
      break;
    }
    out.push(issue);
    bytes += size;
  }
  return out;
}

function boundedText(text: string): string {
  return text.length <= MAX_ERROR_TEXT ? text : `${text.slice(0, MAX_ERROR_TEXT)}...`;
}

/** Turns any error into the gRPC error a server handler returns. */
export function toGrpcError(err: unknown): Partial<ServiceError> {
  if (err instanceof ShoalError) {
    const metadata = new Metadata();
    if (err instanceof InvalidSpecError) {
      const issues = boundedIssues(err.issues);
      metadata.set(ISSUES_KEY, Buffer.from(JSON.stringify(issues)));
      return { code: err.code, details: boundedText(new InvalidSpecError(issues).message), metadata };
    }
    return { code: err.code, details: boundedText(err.message), metadata };
  }
  return { code: GrpcStatus.INTERNAL, details: boundedText(err instanceof Error ? err.message : String(err)) };
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
