// Loops write many independent objects at once; each batch is committed on its own (no batch needs
// to be atomic with another), small enough to never need the store's split commit, and several are
// in flight at once so that etcd folds them into fewer disk syncs.
import { forEachConcurrently } from '../../lib/worker-pool';
import type { Store, WriteOp } from './store';

/** Under etcd's default limit of 128 operations per transaction. */
export const LOOP_BATCH_OPS = 120;
/** Batches in flight at once: etcd commits concurrent proposals together; more buys little on 2 cores. */
const BATCHES_IN_FLIGHT = 4;

/** Commits ops in independent batches; returns the highest revision written (0 if none). */
export async function commitInBatches(store: Store, ops: readonly WriteOp[]): Promise<number> {
  const batches: WriteOp[][] = [];
  for (let i = 0; i < ops.length; i += LOOP_BATCH_OPS) batches.push(ops.slice(i, i + LOOP_BATCH_OPS));
  let revision = 0;
  await forEachConcurrently(batches, BATCHES_IN_FLIGHT, async (batch) => {
    revision = Math.max(revision, await store.commit(batch));
  });
  return revision;
}
