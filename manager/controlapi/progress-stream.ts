// WatchProgress: the progress of the services a command waits for, as batches of what changed. The
// first batch holds every service; then, at most every 100 ms, the services whose progress differs
// from what was sent. Only the services a change touched are summarized again (their tasks changed,
// a progress report included, or the service itself; any node change touches all, since a node going
// down changes which stopped tasks still count), so a tick costs what changed, not the 10,000
// services of a large stack.
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ProgressSnapshot__Output } from '../../proto/generated/shoal/v1/ProgressSnapshot';
import type { ServiceProgress__Output } from '../../proto/generated/shoal/v1/ServiceProgress';
import type { WatchProgressRequest__Output } from '../../proto/generated/shoal/v1/WatchProgressRequest';
import { encodedReplySize } from '../../proto/loader';
import type { Task } from '../../proto/types';
import type { ChangeSet, TaskIndex } from '../state/cluster-state';
import type { ControlDeps } from './deps';
import { planProgressMessages, summarizeService } from './progress';

/** Progress is sent at most this often: smooth on a terminal, cheap while thousands of tasks change. */
const PROGRESS_MIN_INTERVAL_MS = 100;

/** A service's bytes in a progress message, as gRPC encodes it. */
function serviceSize(s: ServiceProgress__Output): number {
  return encodedReplySize('Control', 'WatchProgress', { services: [s] });
}

export function watchProgress(
  deps: ControlDeps,
  call: ServerWritableStream<WatchProgressRequest__Output, ProgressSnapshot__Output>,
): void {
  const { state } = deps;
  const names = [...new Set(call.request.services)];
  /** The service each name resolves to (a full name or an id), and the names of each service. */
  const resolved = new Map<string, string | undefined>();
  const namesOf = new Map<string, string[]>();
  /** What was sent per name, as JSON; and the names whose service is not converged. */
  const sent = new Map<string, string>();
  const notConverged = new Set<string>();
  let dirty = new Set(names);
  let resolve = true;
  let first = true;
  let timer: NodeJS.Timeout | undefined;

  const mark = (serviceId: string) => {
    for (const name of namesOf.get(serviceId) ?? []) dirty.add(name);
  };
  const schedule = () => {
    if (!timer) timer = setTimeout(send, PROGRESS_MIN_INTERVAL_MS);
  };
  const tasks: TaskIndex = {
    add: (t: Task) => mark(t.serviceId),
    remove: (t: Task) => mark(t.serviceId),
    clear: () => {
      resolve = true;
      dirty = new Set(names);
      schedule();
    },
  };
  const onChange = (change: ChangeSet) => {
    if (change.kinds.has('services')) resolve = true;
    for (const id of change.serviceIds) mark(id);
    if (change.nodeIds.size > 0) dirty = new Set(names);
    if (dirty.size > 0 || resolve) schedule();
  };

  function send(): void {
    timer = undefined;
    if (resolve) resolveNames();
    const nodes = { get: (id: string) => state.get('nodes', id) };
    const changed: ServiceProgress__Output[] = [];
    for (const name of dirty) {
      const id = resolved.get(name);
      const service = id === undefined ? undefined : state.get('services', id);
      const p = summarizeService(service, name, id === undefined ? [] : state.tasksOf(id), nodes);
      if (p.converged) notConverged.delete(name);
      else notConverged.add(name);
      const text = JSON.stringify(p);
      if (sent.get(name) === text) continue;
      sent.set(name, text);
      changed.push(p);
    }
    dirty = new Set();
    for (const m of planProgressMessages(changed, notConverged.size === 0, first, serviceSize)) call.write(m);
    first = false;
  }

  /** Names resolve again when services change: a name may now be a service it was not. */
  function resolveNames(): void {
    resolve = false;
    const byName = new Map<string, string>();
    for (const s of state.list('services')) byName.set(s.spec.name, s.id);
    namesOf.clear();
    for (const name of names) {
      const id = byName.get(name) ?? (state.get('services', name) ? name : undefined);
      if (resolved.get(name) !== id || !resolved.has(name)) dirty.add(name);
      resolved.set(name, id);
      if (id !== undefined) namesOf.set(id, [...(namesOf.get(id) ?? []), name]);
    }
  }

  state.addTaskIndex(tasks);
  state.on('change', onChange);
  const done = () => {
    state.off('change', onChange);
    state.removeTaskIndex(tasks);
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  call.on('cancelled', done);
  call.on('close', done);
  call.on('error', done);
  if (timer) clearTimeout(timer); // registering the index marked everything; the first batch goes now
  send();
}
