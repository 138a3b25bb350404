// Control API: `shoal events`. The kept events from `since` on, then every new one, each passed
// through the request's filters; ends when `until` has passed, or when the client hangs up.
import type { ServerWritableStream } from '@grpc/grpc-js';
import { matchesEvent, parseEventFilters, type ClusterEvent, type EventFilters } from '../../domain/event-filter';
import { InvalidArgumentError, UnavailableError } from '../../proto/errors';
import type { WatchEventsRequest__Output } from '../../proto/generated/shoal/v1/WatchEventsRequest';
import { toGrpcError } from '../../proto/grpc-errors';
import type { ControlDeps } from './deps';
import { isBehind } from './slow-client';

type EventsCall = ServerWritableStream<WatchEventsRequest__Output, ClusterEvent>;

/** Events a stream may hold unsent: far above the (at most 1000) kept events a `--since` replays at once. */
const MAX_QUEUED_EVENTS = 10_000;
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
  let unsubscribe = () => {};
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  function done(): void {
    ended = true;
    unsubscribe();
    if (timer) clearTimeout(timer);
  }
  const send = (e: ClusterEvent) => {
    if (ended || !matchesEvent(e, filters)) return;
    if (!isBehind(call, MAX_QUEUED_EVENTS)) return void call.write(e);
    // Events cannot be skipped unnoticed: the stream ends, and the client can ask again from a time.
    done();
    call.emit(
      'error',
      toGrpcError(
        new UnavailableError(`the client fell ${MAX_QUEUED_EVENTS} events behind; ask again with --since to go on`),
      ),
    );
  };
  if (since) for (const e of deps.events.since(since)) if (!until || e.time <= until) send(e);
  if (ended) return;
  if (until && until <= deps.clock.now()) {
    call.end();
    return;
  }
  unsubscribe = deps.events.subscribe(send);
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
  call.on('cancelled', done);
  call.on('close', done);
  call.on('error', done);
}
