// The list calls answer with a stream: one snapshot of what the manager holds, cut into messages that
// each stay within a size budget, written as fast as the client reads them. A list of any length (10,000
// services, 100,000 tasks) then fits gRPC's 4 MiB per message, which one reply of it did not.
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { ShoalError } from '../../proto/errors';
import { toGrpcError } from '../../proto/grpc-errors';
import { encodedReplySize } from '../../proto/loader';
import { chunk } from '../../lib/chunk';

export interface ListLimits {
  maxBytes: number;
  maxItems: number;
}

/**
 * 1 MiB of encoded items a message, a quarter of the 4 MiB the CLI accepts, and at most 1,000 items:
 * a 100,000-task list is a hundred-odd messages. An item larger than the budget goes alone; the
 * spec-size limit (domain/limits.ts, issue 14) keeps any one item far under 4 MiB.
 */
export const LIST_LIMITS: ListLimits = { maxBytes: 1024 * 1024, maxItems: 1000 };

/** The items of each message of a list's answer, in order, each message within `limits`. Pure. */
export function planListMessages<T>(items: readonly T[], sizeOf: (item: T) => number, limits: ListLimits): T[][] {
  return chunk(items, limits.maxItems, limits.maxBytes, sizeOf);
}

/** The list calls of the Control service, each with the field of its reply that holds the items. */
type ListMethod = 'ListServices' | 'ListTasks' | 'ListNodes' | 'ListNetworks';

/**
 * A streaming handler for `method`: `list` answers the request (or throws a ShoalError, sent as the
 * stream's error), and its items go out `field` by `field`, a budget's worth per message.
 */
export function listStream<Req, K extends string, Item extends object>(
  method: ListMethod,
  field: K,
  logger: Logger,
  list: (req: Req) => Item[],
  limits: ListLimits = LIST_LIMITS,
) {
  const sizeOf = (item: Item) => encodedReplySize('Control', method, { [field]: [item] });
  return (call: ServerWritableStream<Req, { [P in K]?: Item[] }>): void => {
    let messages: Item[][];
    try {
      messages = planListMessages(list(call.request), sizeOf, limits);
    } catch (err) {
      if (err instanceof ShoalError) logger.debug({ err, method }, 'request refused');
      else logger.error({ err, method }, 'request failed');
      call.emit('error', toGrpcError(err));
      return;
    }
    void writeAll(
      call,
      messages.map((items) => ({ [field]: items }) as { [P in K]?: Item[] }),
    );
  };
}

/** Writes the messages in turn, waiting whenever the client is behind; stops if it hangs up. */
async function writeAll<M>(call: ServerWritableStream<unknown, M>, messages: readonly M[]): Promise<void> {
  for (const m of messages) {
    if (call.cancelled) return;
    if (!call.write(m)) await drained(call);
  }
  if (!call.cancelled) call.end();
}

function drained(call: ServerWritableStream<unknown, unknown>): Promise<void> {
  return new Promise((resolve) => {
    const events = ['drain', 'cancelled', 'close', 'error'] as const;
    const done = () => {
      for (const e of events) call.off(e, done);
      resolve();
    };
    for (const e of events) call.on(e, done);
  });
}
