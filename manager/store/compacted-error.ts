// The one store error that is not in proto/errors.ts: it never crosses the gRPC boundary, only the manager's
// watch loops see it.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { ShoalError } from '../../proto/errors';

/**
 * etcd has compacted away the history a watch needed: events after `afterRevision` are gone. Retrying the same
 * watch cannot succeed; the caller takes a fresh snapshot with load() and watches from its revision.
 */
export class CompactedError extends ShoalError {
  readonly code = GrpcStatus.OUT_OF_RANGE;
  constructor(readonly afterRevision: number) {
    super(`etcd history after revision ${afterRevision} has been compacted; load a new snapshot and watch from it`);
  }
}
