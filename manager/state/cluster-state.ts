// The manager's in-memory copy of everything in the store: loaded once, then kept current from the
// store's watch. Loops read snapshots from here and write through the Store; they never read etcd.
import { EventEmitter } from 'node:events';
import { backoffDelayMs } from '../../lib/backoff';
import { KINDS, type Kind, type Snapshot, type Store, type StoreEvent, type Versioned } from '../store/store';
import type { Network, Node, Service, Stack, Task } from '../../proto/types';
import { checkStored, namesOf, type SpecProblems, type StoredNames } from './check-stored';
import { isLifecycleChange, isSchedulingOnly } from './task-change';

export interface ObjectsByKind {
  stacks: Stack;
  services: Service;
  networks: Network;
  tasks: Task;
  nodes: Node;
}

export interface ChangeSet {
  revision: number;
  kinds: Set<Kind>;
  /** Services that changed, or whose tasks had a lifecycle change (see `isLifecycleChange`). */
  serviceIds: Set<string>;
  /** Nodes that changed. */
  nodeIds: Set<string>;
  /**
   * Tasks with a lifecycle change, by the node they were on before it and the one after: those
   * nodes' assignments may differ.
   */
  taskNodeIds: Map<string, Set<string>>;
  /**
   * Of `serviceIds`, those whose only changes were tasks given their addresses or placed on a node (the scheduler's
   * writes, see `isSchedulingOnly`), with the nodes those tasks are on ('' for a task given addresses, on no node).
   */
  scheduledOnly: Map<string, Set<string>>;
}

/**
 * One object as the watch changed it: `before` is absent for a new object, `after` for a deleted one.
 * Emitted as 'objects' (only while someone listens), for what needs the old value, e.g. cluster events.
 */
export type ObjectChange = {
  [K in Kind]: { kind: K; id: string; before?: ObjectsByKind[K]; after?: ObjectsByKind[K] };
}[Kind];

/**
 * A view derived from every task, kept current as tasks change (e.g. the addresses tasks hold, the
 * load on each node), so that a loop's tick costs what changed rather than a pass over every task.
 * ClusterState calls `remove` with a task's old value and `add` with its new one on every change,
 * and `clear` then `add` for each task when it loads everything again.
 */
export interface TaskIndex {
  add(t: Task): void;
  remove(t: Task): void;
  clear(): void;
}

/**
 * A stored object the manager cannot use (check-stored.ts), set aside: no loop sees it, and the object it replaced
 * is gone from the loops' view. Emitted as 'invalid' once per version; replaced by the next valid write of its key.
 */
export interface InvalidObject extends StoredNames {
  kind: Kind;
  id: string;
  version: number;
  problems: string[];
}

/** Reloading after a broken watch: retry from 100 ms up to 5 s while etcd is away. */
const RESYNC_BACKOFF = { baseMs: 100, maxMs: 5000 };

type Maps = { [K in Kind]: Map<string, ObjectsByKind[K]> };

export class ClusterState extends EventEmitter {
  private maps: Maps = {
    stacks: new Map(),
    services: new Map(),
    networks: new Map(),
    tasks: new Map(),
    nodes: new Map(),
  };
  private revisionNow = 0;
  private waiters: { revision: number; resolve: () => void }[] = [];
  private tasksByService = new Map<string, Set<string>>();
  private tasksByNode = new Map<string, Set<string>>();
  private taskIndexes: TaskIndex[] = [];
  private unwatch?: () => Promise<void>;
  private invalidMaps: Record<Kind, Map<string, InvalidObject>> = {
    stacks: new Map(),
    services: new Map(),
    networks: new Map(),
    tasks: new Map(),
    nodes: new Map(),
  };

  /** `specProblems`: the Control API's checks of a service spec, which a stored service must pass too. */
  constructor(
    private readonly store: Store,
    private readonly specProblems: SpecProblems = () => [],
  ) {
    super();
    this.setMaxListeners(0);
  }

  get revision(): number {
    return this.revisionNow;
  }

  async start(): Promise<void> {
    const snap: Snapshot = await this.store.load();
    this.replaceAll(snap);
    this.unwatch = await this.store.watch(
      snap.revision,
      (events, revision) => this.applyEvents(events, revision),
      (err) => void this.resync(err),
    );
  }

  /** The watch broke off (its history was compacted): load everything again and tell every loop. */
  private async resync(err: Error): Promise<void> {
    this.emit('resync', err);
    // Tasks deleted while the watch was broken are news too: their nodes must hear they are gone.
    const known = [...this.tasksByNode].map(([nodeId, ids]) => [nodeId, [...ids]] as const);
    const old = KINDS.map((kind) => [kind, new Map<string, unknown>(this.maps[kind])] as const);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.start();
        break;
      } catch (e) {
        this.emit('resync', e);
        await new Promise((r) => setTimeout(r, backoffDelayMs(attempt, RESYNC_BACKOFF)));
      }
    }
    const taskNodeIds = new Map<string, Set<string>>();
    for (const [nodeId, ids] of [...known, ...this.tasksByNode]) for (const id of ids) addTo(taskNodeIds, nodeId, id);
    const all: ChangeSet = {
      revision: this.revisionNow,
      kinds: new Set(KINDS),
      serviceIds: new Set(this.maps.services.keys()),
      nodeIds: new Set(this.maps.nodes.keys()),
      taskNodeIds,
      scheduledOnly: new Map(),
    };
    if (this.listenerCount('objects')) this.emit('objects', changedObjects(old, this.maps));
    this.emit('change', all);
  }

  private replaceAll(snap: Snapshot): void {
    for (const kind of KINDS) this.maps[kind].clear();
    this.tasksByService.clear();
    this.tasksByNode.clear();
    for (const index of this.taskIndexes) index.clear();
    for (const [kind, objects] of snap.objects) for (const [id, v] of objects) this.put(kind, id, v);
    // Invalid objects deleted while the watch was broken are forgotten; the others were checked again just now.
    for (const kind of KINDS)
      for (const id of this.invalidMaps[kind].keys())
        if (!snap.objects.get(kind)?.has(id)) this.invalidMaps[kind].delete(id);
    this.revisionNow = snap.revision;
    const ready = this.waiters.filter((w) => w.revision <= this.revisionNow);
    this.waiters = this.waiters.filter((w) => w.revision > this.revisionNow);
    for (const w of ready) w.resolve();
  }

  async stop(): Promise<void> {
    await this.unwatch?.();
    this.unwatch = undefined;
  }

  /** Resolves once the watch has delivered `revision` (a write's own revision), so a reader sees its write. */
  waitFor(revision: number): Promise<void> {
    if (revision <= this.revisionNow) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ revision, resolve }));
  }

  get<K extends Kind>(kind: K, id: string): ObjectsByKind[K] | undefined {
    return this.maps[kind].get(id) as ObjectsByKind[K] | undefined;
  }

  list<K extends Kind>(kind: K): ObjectsByKind[K][] {
    return [...this.maps[kind].values()] as ObjectsByKind[K][];
  }

  /** The objects of a kind set aside as invalid. */
  invalid(kind: Kind): InvalidObject[] {
    return [...this.invalidMaps[kind].values()];
  }

  isInvalid(kind: Kind, id: string): boolean {
    return this.invalidMaps[kind].has(id);
  }

  tasksOf(serviceId: string): Task[] {
    return this.tasksIn(this.tasksByService.get(serviceId));
  }

  tasksOnNode(nodeId: string): Task[] {
    return this.tasksIn(this.tasksByNode.get(nodeId));
  }

  /** Keeps `index` current from now on, starting from every task there is. */
  addTaskIndex(index: TaskIndex): void {
    index.clear();
    for (const t of this.maps.tasks.values()) index.add(t);
    this.taskIndexes.push(index);
  }

  removeTaskIndex(index: TaskIndex): void {
    this.taskIndexes = this.taskIndexes.filter((i) => i !== index);
  }

  private tasksIn(ids: Set<string> | undefined): Task[] {
    if (!ids) return [];
    const out: Task[] = [];
    for (const id of ids) {
      const t = this.maps.tasks.get(id);
      if (t) out.push(t);
    }
    return out;
  }

  /** Service ids that have tasks, including services that no longer exist. */
  serviceIdsWithTasks(): string[] {
    return [...this.tasksByService.keys()];
  }

  private applyEvents(events: StoreEvent[], revision: number): void {
    const change: ChangeSet = {
      revision,
      kinds: new Set(),
      serviceIds: new Set(),
      nodeIds: new Set(),
      taskNodeIds: new Map(),
      scheduledOnly: new Map(),
    };
    const changedOtherwise = new Set<string>();
    const objects: ObjectChange[] | undefined = this.listenerCount('objects') ? [] : undefined;
    for (const e of events) {
      change.kinds.add(e.kind);
      const before = this.maps[e.kind].get(e.id) as Task | undefined;
      const valid = e.type === 'put' ? this.put(e.kind, e.id, { value: e.value, version: e.version }) : true;
      if (e.type === 'delete') this.remove(e.kind, e.id);
      const after = this.maps[e.kind].get(e.id) as Task | undefined;
      // An object set aside makes its own 'invalid' report, not a removal.
      if (valid) objects?.push({ kind: e.kind, id: e.id, before, after } as ObjectChange);
      if (e.kind === 'tasks' && isLifecycleChange(before, after)) {
        for (const t of [before, after]) {
          if (t?.serviceId) change.serviceIds.add(t.serviceId);
          if (t?.nodeId) addTo(change.taskNodeIds, t.nodeId, e.id);
        }
        if (isSchedulingOnly(before, after)) addTo(change.scheduledOnly, after!.serviceId, after!.nodeId);
        else for (const t of [before, after]) if (t?.serviceId) changedOtherwise.add(t.serviceId);
      }
      if (e.kind === 'services') {
        change.serviceIds.add(e.id);
        changedOtherwise.add(e.id);
      }
      if (e.kind === 'nodes') change.nodeIds.add(e.id);
    }
    for (const id of changedOtherwise) change.scheduledOnly.delete(id);
    this.revisionNow = Math.max(this.revisionNow, revision);
    const ready = this.waiters.filter((w) => w.revision <= this.revisionNow);
    this.waiters = this.waiters.filter((w) => w.revision > this.revisionNow);
    for (const w of ready) w.resolve();
    if (objects?.length) this.emit('objects', objects);
    this.emit('change', change);
  }

  /** Takes in a stored object; false when it is invalid and set aside instead. */
  private put(kind: Kind, id: string, v: Versioned): boolean {
    const problems = checkStored(kind, id, v.value, this.specProblems);
    if (problems.length > 0) {
      this.setAside({ kind, id, version: v.version, problems, ...namesOf(kind, v.value) });
      return false;
    }
    this.invalidMaps[kind].delete(id);
    const obj = v.value as { meta?: { version: number; createdAt: number; updatedAt: number } | null };
    obj.meta = { createdAt: obj.meta?.createdAt ?? 0, updatedAt: obj.meta?.updatedAt ?? 0, version: v.version };
    const old = kind === 'tasks' ? this.maps.tasks.get(id) : undefined;
    const t = obj as unknown as Task;
    // Re-index only when the keys moved: a status update must not churn the index sets.
    const reindex = kind === 'tasks' && (!old || old.serviceId !== t.serviceId || old.nodeId !== t.nodeId);
    if (reindex) this.unindexTask(id);
    this.maps[kind].set(id, obj as never);
    if (reindex) {
      addTo(this.tasksByService, t.serviceId, id);
      if (t.nodeId) addTo(this.tasksByNode, t.nodeId, id);
    }
    if (kind !== 'tasks') return true;
    for (const index of this.taskIndexes) {
      if (old) index.remove(old);
      index.add(t);
    }
    return true;
  }

  private setAside(bad: InvalidObject): void {
    const known = this.invalidMaps[bad.kind].get(bad.id);
    this.remove(bad.kind, bad.id);
    this.invalidMaps[bad.kind].set(bad.id, bad);
    if (known?.version !== bad.version) this.emit('invalid', bad);
  }

  private remove(kind: Kind, id: string): void {
    const old = kind === 'tasks' ? this.maps.tasks.get(id) : undefined;
    if (old) {
      this.unindexTask(id);
      for (const index of this.taskIndexes) index.remove(old);
    }
    this.maps[kind].delete(id);
    this.invalidMaps[kind].delete(id);
  }

  private unindexTask(id: string): void {
    const t = this.maps.tasks.get(id);
    if (!t) return;
    removeFrom(this.tasksByService, t.serviceId, id);
    if (t.nodeId) removeFrom(this.tasksByNode, t.nodeId, id);
  }
}

/** The objects whose version differs between an old copy of the maps and the maps now (reloaded). */
function changedObjects(old: readonly (readonly [Kind, Map<string, unknown>])[], now: Maps): ObjectChange[] {
  const out: ObjectChange[] = [];
  for (const [kind, before] of old) {
    for (const id of new Set([...before.keys(), ...now[kind].keys()])) {
      const [b, a] = [before.get(id), now[kind].get(id)] as ({ meta: { version: number } } | undefined)[];
      if (b?.meta.version !== a?.meta.version) out.push({ kind, id, before: b, after: a } as ObjectChange);
    }
  }
  return out;
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(id);
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}
