// What every control API handler needs.
import type { Logger } from 'pino';
import type { Clock } from '../../proto/clock';
import type { ClusterState } from '../state/cluster-state';
import type { Store, WriteOp } from '../store/store';

export interface ControlDeps {
  state: ClusterState;
  store: Store;
  clock: Clock;
  logger: Logger;
  newId: () => string;
}

/** Commits and waits until the manager's own view has the write, so the next read sees it. */
export async function commitAndWait(deps: ControlDeps, ops: readonly WriteOp[]): Promise<void> {
  if (ops.length === 0) return;
  const revision = await deps.store.commit(ops);
  await deps.state.waitFor(revision);
}
