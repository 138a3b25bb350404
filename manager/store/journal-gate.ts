// Turns raw etcd watch events into the batches the Store's watch delivers. Ordinary commits are one etcd revision
// each and pass straight through, grouped per revision. A split commit writes its objects over several revisions
// while it holds the journal lock; the gate holds those events back and releases them as one batch at the revision
// that deletes the lock, so watchers see a split commit all at once, as they see any other commit. Pure.
import type { KeyLayout } from './keys';
import { decodeStored, type StoreEvent } from './store';

export interface RawEvent {
  key: string;
  type: 'put' | 'delete';
  /** The value's JSON text (puts only). */
  json?: string;
  /** The event's etcd mod revision. */
  revision: number;
}

export interface EventBatch {
  events: StoreEvent[];
  revision: number;
}

export class JournalGate {
  private held: StoreEvent[] = [];

  /** `locked`: whether the journal lock existed at the revision the watch starts after. */
  constructor(
    private readonly layout: KeyLayout,
    private locked: boolean,
  ) {}

  /** Feeds events in revision order; returns the batches now ready, in order. */
  accept(events: readonly RawEvent[]): EventBatch[] {
    const out: EventBatch[] = [];
    for (const ev of events) {
      const parsed = this.layout.parse(ev.key);
      if (parsed?.type === 'journal-lock') {
        if (ev.type === 'put') {
          this.locked = true;
        } else {
          this.locked = false;
          if (this.held.length > 0) out.push({ events: this.held, revision: ev.revision });
          this.held = [];
        }
        continue;
      }
      if (parsed?.type !== 'object') continue;
      const event: StoreEvent =
        ev.type === 'put'
          ? { kind: parsed.kind, id: parsed.id, type: 'put', value: decodeStored(ev.json ?? ''), version: ev.revision }
          : { kind: parsed.kind, id: parsed.id, type: 'delete', version: ev.revision };
      if (this.locked) {
        this.held.push(event);
        continue;
      }
      const last = out[out.length - 1];
      if (last && last.revision === ev.revision) last.events.push(event);
      else out.push({ events: [event], revision: ev.revision });
    }
    return out;
  }
}
