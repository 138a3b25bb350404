// Server streams to clients that may read slower than the manager writes (`service logs -f | less`
// left paused, a slow link): what a stream holds unsent is bounded, so no client grows the manager's
// memory without end. Pure.

/** Messages a stream may hold unsent: a client that reads leaves a handful; 1000 log batches are up to 64 MiB. */
export const MAX_QUEUED_MESSAGES = 1000;

/** What a stream has queued: grpc-js server streams are object-mode Writables. */
export interface Queue {
  readonly writableLength: number;
}

/** Whether the client has fallen so far behind that more must not be queued for it. */
export function isBehind(stream: Queue, max = MAX_QUEUED_MESSAGES): boolean {
  return stream.writableLength >= max;
}
