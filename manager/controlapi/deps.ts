// What every control API handler needs.
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import { ConflictError } from '../../proto/errors';
import type { LogRouter } from '../dispatcher/log-router';
import type { EventLog } from '../events/event-log';
import type { ClusterState } from '../state/cluster-state';
import type { Store, WriteOp } from '../store/store';

export interface ControlDeps {
  state: ClusterState;
  store: Store;
  clock: Clock;
  logger: Logger;
  newId: () => string;
  /** The agents' log channels, for `service logs`. */
  logs: LogRouter;
  events: EventLog;
}

/**
 * A request that loses a compare-and-swap race (the loops write services, networks and nodes too) is
 * planned again from the fresh state this many times before the conflict reaches the user.
 */
const CONFLICT_REPLANS = 3;

/**
 * Plans from the current state, commits the plan (all or nothing), and waits until the manager's
 * own view has the write so the next read sees it; plans again when another writer got there first.
 */
export async function planAndCommit<T>(
  deps: ControlDeps,
  what: string,
  plan: () => { ops: readonly WriteOp[]; result: T },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const { ops, result } = plan();
    try {
      if (ops.length) await deps.state.waitFor(await deps.store.commit(ops));
      return result;
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= CONFLICT_REPLANS) throw err;
      deps.logger.info({ what, attempt }, 'raced another writer; planning again');
    }
  }
}
