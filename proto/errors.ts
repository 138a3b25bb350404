// Shoal's typed errors, and their one mapping to gRPC status codes and back.
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';

export interface SpecIssue {
  /** Key path, e.g. "services.web.deploy.replicas". */
  path: string;
  message: string;
  /** Where in a stack file, when the issue comes from one. */
  file?: string;
  line?: number;
  column?: number;
}

export function formatIssue(i: SpecIssue): string {
  const where = i.file ? `${i.file}:${i.line ?? 0}:${i.column ?? 0}: ` : '';
  return `${where}${i.path ? `${i.path}: ` : ''}${i.message}`;
}

export abstract class ShoalError extends Error {
  abstract readonly code: GrpcStatus;
  readonly transient: boolean = false;
}

export class InvalidSpecError extends ShoalError {
  readonly code = GrpcStatus.INVALID_ARGUMENT;
  constructor(readonly issues: readonly SpecIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

export class InvalidArgumentError extends ShoalError {
  readonly code = GrpcStatus.INVALID_ARGUMENT;
}

export class NotFoundError extends ShoalError {
  readonly code = GrpcStatus.NOT_FOUND;
  constructor(readonly kind: string, readonly id: string) {
    super(`${kind} ${JSON.stringify(id)} not found`);
  }
}

export class AmbiguousNameError extends ShoalError {
  readonly code = GrpcStatus.INVALID_ARGUMENT;
  constructor(readonly kind: string, readonly id: string, readonly candidates: readonly string[]) {
    super(`${kind} name ${JSON.stringify(id)} is ambiguous: it matches ${candidates.join(', ')}`);
  }
}

export class ConflictError extends ShoalError {
  readonly code = GrpcStatus.ABORTED;
  override readonly transient = true;
}

export class FailedPreconditionError extends ShoalError {
  readonly code = GrpcStatus.FAILED_PRECONDITION;
}

/** The agent's session is unknown to this manager (it restarted, or the node timed out). */
export class SessionInvalidError extends ShoalError {
  readonly code = GrpcStatus.NOT_FOUND;
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} is not known to this manager; register again`);
  }
}

export class UnavailableError extends ShoalError {
  readonly code = GrpcStatus.UNAVAILABLE;
  override readonly transient = true;
}

const TRANSIENT_CODES = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.ABORTED, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.RESOURCE_EXHAUSTED]);

/** Whether retrying the same operation later may succeed. */
export function isTransient(err: unknown): boolean {
  if (err instanceof ShoalError) return err.transient;
  const code = (err as Partial<ServiceError> | undefined)?.code;
  return typeof code === 'number' && TRANSIENT_CODES.has(code);
}

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
