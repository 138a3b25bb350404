// FAKE: an in-memory Store for unit tests. Same guard rules as EtcdStore (commit-plan.ts), one global revision
// counter as etcd's, versions are the revision of an object's last write, values are copied through JSON as etcd
// stores them, and watches deliver asynchronously (queueMicrotask) in revision order, one batch per commit.
// test/integration/store/store-contract.test.ts runs the same table against both so this fake cannot drift.
import { assertDistinctTargets, conflictError, findGuardFailures } from '../../manager/store/commit-plan';
import {
  KINDS,
  type Kind,
  type Snapshot,
  type Store,
  type StoreEvent,
  type Versioned,
  type WriteOp,
} from '../../manager/store/store';

interface Entry {
  json: string;
  version: number;
}

interface Batch {
  events: StoreEvent[];
  revision: number;
}

type Listener = (batch: Batch) => void;

export class MemoryStore implements Store {
  private revision = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly history: Batch[] = [];
  private readonly listeners = new Set<Listener>();

  async load(): Promise<Snapshot> {
    const objects = new Map<Kind, Map<string, Versioned>>(KINDS.map((k) => [k, new Map()]));
    for (const [target, entry] of this.entries) {
      const [kind, id] = splitTarget(target);
      objects.get(kind)?.set(id, { value: JSON.parse(entry.json), version: entry.version });
    }
    return { revision: this.revision, objects };
  }

  async watch(
    afterRevision: number,
    onEvents: (events: StoreEvent[], revision: number) => void,
  ): Promise<() => Promise<void>> {
    const backlog = this.history.filter((b) => b.revision > afterRevision);
    let stopped = false;
    const deliver = (b: Batch): void => {
      if (!stopped && b.revision > afterRevision) onEvents(copyEvents(b.events), b.revision);
    };
    const listener: Listener = (b) => queueMicrotask(() => deliver(b));
    this.listeners.add(listener);
    queueMicrotask(() => backlog.forEach(deliver));
    return async () => {
      stopped = true;
      this.listeners.delete(listener);
    };
  }

  async commit(ops: readonly WriteOp[]): Promise<number> {
    assertDistinctTargets(ops);
    const failures = findGuardFailures(ops, (op) => this.entries.get(target(op.kind, op.id))?.version ?? 0);
    if (failures.length > 0) throw conflictError(failures);
    // etcd bumps the revision only for a commit that changes something (a delete of an absent key does not).
    const changes = ops.filter((op) => op.op === 'put' || this.entries.has(target(op.kind, op.id)));
    if (changes.length === 0) return this.revision;
    const revision = ++this.revision;
    const events = changes.map((op): StoreEvent => {
      const key = target(op.kind, op.id);
      if (op.op === 'delete') {
        this.entries.delete(key);
        return { kind: op.kind, id: op.id, type: 'delete', version: revision };
      }
      const json = JSON.stringify(op.value);
      this.entries.set(key, { json, version: revision });
      return { kind: op.kind, id: op.id, type: 'put', value: JSON.parse(json), version: revision };
    });
    const batch = { events, revision };
    this.history.push(batch);
    this.listeners.forEach((l) => l(batch));
    return revision;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

function target(kind: Kind, id: string): string {
  return `${kind}/${id}`;
}

function splitTarget(t: string): [Kind, string] {
  const slash = t.indexOf('/');
  return [t.slice(0, slash) as Kind, t.slice(slash + 1)];
}

function copyEvents(events: readonly StoreEvent[]): StoreEvent[] {
  return events.map((e) => (e.type === 'put' ? { ...e, value: JSON.parse(JSON.stringify(e.value)) } : { ...e }));
}
