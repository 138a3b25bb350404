// Shoal's typed errors, each with its gRPC status code. The mapping to and from gRPC errors is in
// grpc-errors.ts, so that code which only needs the errors (the CLI's stack loader) loads no gRPC.
import type { ServiceError } from '@grpc/grpc-js';
// The status enum alone: the package's main module would load all of gRPC.
import { Status as GrpcStatus } from '@grpc/grpc-js/build/src/constants';

export interface SpecIssue {
  /** Key path, e.g. "services.web.deploy.replicas". */
  path: string;
  message: string;
  /** Where in a stack file, when the issue comes from one. */
  file?: string;
  line?: number;
  column?: number;
}

/** "file:line:column: path: message"; "file: message" for an issue with the whole file (one too large). */
export function formatIssue(i: SpecIssue): string {
  const where = !i.file ? '' : i.line === undefined ? `${i.file}: ` : `${i.file}:${i.line}:${i.column ?? 0}: `;
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
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`${kind} ${JSON.stringify(id)} not found`);
  }
}

export class AmbiguousNameError extends ShoalError {
  readonly code = GrpcStatus.INVALID_ARGUMENT;
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly candidates: readonly string[],
  ) {
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

const TRANSIENT_CODES = new Set<number>([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.ABORTED,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.RESOURCE_EXHAUSTED,
]);

/** Whether retrying the same operation later may succeed. */
export function isTransient(err: unknown): boolean {
  if (err instanceof ShoalError) return err.transient;
  const code = (err as Partial<ServiceError> | undefined)?.code;
  return typeof code === 'number' && TRANSIENT_CODES.has(code);
}
