// Control API: `shoal events`. The kept events from `since` on, then every new one, each passed
// through the request's filters; ends when `until` has passed, or when the client hangs up.
import type { ServerWritableStream } from '@grpc/grpc-js';
import { matchesEvent, parseEventFilters, type ClusterEvent, type EventFilters } from '../../proto/event-filter';
import { InvalidArgumentError } from '../../proto/errors';
import type { WatchEventsRequest__Output } from '../../proto/generated/shoal/v1/WatchEventsRequest';
import { toGrpcError } from '../../proto/grpc-errors';
import type { ControlDeps } from './deps';

type EventsCall = ServerWritableStream<WatchEventsRequest__Output, ClusterEvent>;

/** The longest delay setTimeout takes (about 24.8 days); a longer one fires at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function watchEvents(deps: ControlDeps, call: EventsCall): void {
  const { since, until } = call.request;
  let filters: EventFilters;
  try {
    if (since < 0 || until < 0) throw new InvalidArgumentError('since and until must be times');
    if (until && since > until) throw new InvalidArgumentError('since must not be after until');
    filters = parseEventFilters(call.request.filters);
  } catch (err) {
    call.emit('error', toGrpcError(err));
    return;
  }
  const send = (e: ClusterEvent) => {
    if (matchesEvent(e, filters)) call.write(e);
  };
  if (since) for (const e of deps.events.since(since)) if (!until || e.time <= until) send(e);
  if (until && until <= deps.clock.now()) {
    call.end();
    return;
  }
  const unsubscribe = deps.events.subscribe(send);
  let timer: NodeJS.Timeout | undefined;
  // setTimeout fires at once for a delay beyond MAX_TIMEOUT_MS: a later --until is reached in steps.
  const endAtUntil = () => {
    const left = until - deps.clock.now();
    if (left > 0) timer = setTimeout(endAtUntil, Math.min(left, MAX_TIMEOUT_MS));
    else {
      done();
      call.end();
    }
  };
  if (until) endAtUntil();
  function done(): void {
    unsubscribe();
    if (timer) clearTimeout(timer);
  }
  call.on('cancelled', done);
  call.on('close', done);
  call.on('error', done);
}
