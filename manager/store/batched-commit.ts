// Loops write many independent objects at once; each batch is committed on its own (no batch needs
// to be atomic with another), small enough to never need the store's split commit.
import type { Store, WriteOp } from './store';

/** Under etcd's default limit of 128 operations per transaction. */
export const LOOP_BATCH_OPS = 120;

/** Commits ops in independent batches; returns the last revision written (0 if none). */
export async function commitInBatches(store: Store, ops: readonly WriteOp[]): Promise<number> {
  let revision = 0;
  for (let i = 0; i < ops.length; i += LOOP_BATCH_OPS) revision = await store.commit(ops.slice(i, i + LOOP_BATCH_OPS));
  return revision;
}
