// Cluster events from object changes, pure: one change of one object (its value before and after)
// becomes the events `shoal events` shows. Writes that change nothing a user declared or observes
// (a VIP or subnet allocated, a heartbeat time) make no event. A stored object the manager set aside as invalid
// makes one event, action `invalid`, its problems in attribute `error`.
import { canonicalJson } from '../state/canonical-json';
import type { ClusterEvent, EventType } from '../../domain/event-filter';
import { taskName } from '../../domain/naming';
import type { Network, Node, Service, Stack, Task } from '../../proto/types';
import type { InvalidObject, ObjectChange } from '../state/cluster-state';

/** How events name a node: its hostname, or its id when it is unknown. */
export type HostnameOf = (nodeId: string) => string;

type Attributes = Record<string, string>;

interface Described {
  type: EventType;
  name: string;
  attributes: Attributes;
}

function serviceAttributes(s: Service): Attributes {
  const c = s.spec;
  return {
    image: c.container.image,
    mode: c.mode,
    ...(c.mode === 'replicated' ? { replicas: String(c.replicas) } : {}),
    ...(c.stack ? { stack: c.stack } : {}),
  };
}

function taskAttributes(t: Task, hostnameOf: HostnameOf): Attributes {
  return {
    service: t.serviceName,
    serviceId: t.serviceId,
    ...(t.slot > 0 ? { slot: String(t.slot) } : {}),
    ...(t.nodeId ? { node: hostnameOf(t.nodeId), nodeId: t.nodeId } : {}),
    desiredState: t.desiredState,
  };
}

/** What a task's observed state carries beyond the state: why it waits or failed, how it exited. */
function statusAttributes(t: Task): Attributes {
  const s = t.status;
  return {
    ...(s.message ? { message: s.message } : {}),
    ...(s.err ? { error: s.err } : {}),
    ...(['complete', 'failed'].includes(s.state) ? { exitCode: String(s.exitCode) } : {}),
  };
}

function nodeAttributes(n: Node): Attributes {
  return { role: n.description.role, address: n.description.address, availability: n.availability };
}

function networkAttributes(n: Network): Attributes {
  return {
    driver: n.spec.driver,
    ...(n.spec.stack ? { stack: n.spec.stack } : {}),
    ...(n.allocation?.subnet ? { subnet: n.allocation.subnet } : {}),
  };
}

function stackAttributes(s: Stack): Attributes {
  return { services: String(s.services.length), networks: String(s.networks.length) };
}

/** Attributes `old.<key>` for the keys whose value changed. */
function oldValues(before: Attributes, after: Attributes, keys: readonly string[]): Attributes {
  const out: Attributes = {};
  for (const k of keys) if (before[k] !== after[k] && before[k] !== undefined) out[`${k}.old`] = before[k];
  return out;
}

function describeObject(
  change: ObjectChange,
  obj: NonNullable<ObjectChange['after']>,
  hostnameOf: HostnameOf,
): Described {
  switch (change.kind) {
    case 'services': {
      const s = obj as Service;
      return { type: 'service', name: s.spec.name, attributes: serviceAttributes(s) };
    }
    case 'tasks': {
      const t = obj as Task;
      return {
        type: 'task',
        name: taskName(t.serviceName, t.slot, t.nodeId),
        attributes: taskAttributes(t, hostnameOf),
      };
    }
    case 'nodes': {
      const n = obj as Node;
      return { type: 'node', name: n.description.hostname, attributes: nodeAttributes(n) };
    }
    case 'networks': {
      const n = obj as Network;
      return { type: 'network', name: n.spec.name, attributes: networkAttributes(n) };
    }
    case 'stacks': {
      const s = obj as Stack;
      return { type: 'stack', name: s.name, attributes: stackAttributes(s) };
    }
  }
}

/** The actions an object's update makes, with attributes beyond its description; none when nothing shown changed. */
function updates(
  change: ObjectChange,
  before: Described,
  after: Described,
): { action: string; attributes: Attributes }[] {
  switch (change.kind) {
    case 'services': {
      const [b, a] = [change.before!, change.after!];
      const specChanged = canonicalJson(b.spec) !== canonicalJson(a.spec);
      // A rolling update's progress, as docker's `updatestate.new` and `updatestate.old`.
      const [stateBefore, stateAfter] = [b.updateStatus?.state ?? '', a.updateStatus?.state ?? ''];
      if (!specChanged && stateBefore === stateAfter) return [];
      const attributes = specChanged
        ? oldValues(before.attributes, after.attributes, ['image', 'mode', 'replicas'])
        : {};
      if (stateBefore !== stateAfter)
        Object.assign(
          attributes,
          { 'updatestate.new': stateAfter },
          stateBefore ? { 'updatestate.old': stateBefore } : {},
        );
      return [{ action: 'update', attributes }];
    }
    case 'tasks': {
      const [b, a] = [change.before!, change.after!];
      const out: { action: string; attributes: Attributes }[] = [];
      if (b.desiredState !== a.desiredState)
        out.push({ action: 'update', attributes: { 'desiredState.old': b.desiredState } });
      if (b.status.state !== a.status.state) out.push({ action: a.status.state, attributes: statusAttributes(a) });
      return out;
    }
    case 'nodes': {
      const [b, a] = [change.before!, change.after!];
      const out: { action: string; attributes: Attributes }[] = [];
      const shown = (n: Node) => canonicalJson({ d: n.description, l: n.labels, a: n.availability });
      if (shown(b) !== shown(a))
        out.push({
          action: 'update',
          attributes: oldValues(before.attributes, after.attributes, ['availability', 'address', 'role']),
        });
      if (b.status !== a.status)
        out.push({
          action: a.status === 'ready' ? 'up' : 'down',
          attributes: a.statusMessage ? { message: a.statusMessage } : {},
        });
      return out;
    }
    case 'networks':
      return canonicalJson(change.before!.spec) === canonicalJson(change.after!.spec)
        ? []
        : [{ action: 'update', attributes: {} }];
    case 'stacks': {
      const [b, a] = [change.before!, change.after!];
      return canonicalJson([b.services, b.networks]) === canonicalJson([a.services, a.networks])
        ? []
        : [{ action: 'update', attributes: {} }];
    }
  }
}

/** The events one object change makes, at `time`. */
export function deriveEvents(change: ObjectChange, time: number, hostnameOf: HostnameOf): ClusterEvent[] {
  const event = (d: Described, action: string, extra: Attributes = {}): ClusterEvent => ({
    time,
    type: d.type,
    action,
    id: change.id,
    name: d.name,
    attributes: { ...d.attributes, ...extra },
  });
  if (!change.before && !change.after) return [];
  if (!change.before) return [event(describeObject(change, change.after!, hostnameOf), 'create')];
  if (!change.after) return [event(describeObject(change, change.before, hostnameOf), 'remove')];
  const before = describeObject(change, change.before, hostnameOf);
  const after = describeObject(change, change.after, hostnameOf);
  return updates(change, before, after).map((u) => event(after, u.action, u.attributes));
}

const EVENT_TYPE_OF: Record<InvalidObject['kind'], EventType> = {
  services: 'service',
  tasks: 'task',
  nodes: 'node',
  networks: 'network',
  stacks: 'stack',
};

/** The event of an object set aside as invalid: named as far as its value tells, its problems as `error`. */
export function invalidObjectEvent(bad: InvalidObject, time: number): ClusterEvent {
  const isTask = bad.kind === 'tasks';
  const name = isTask && bad.name ? taskName(bad.name, bad.slot, '') : bad.name || bad.id;
  return {
    time,
    type: EVENT_TYPE_OF[bad.kind],
    action: 'invalid',
    id: bad.id,
    name,
    attributes: {
      ...(isTask && bad.name ? { service: bad.name } : {}),
      ...(isTask && bad.serviceId ? { serviceId: bad.serviceId } : {}),
      ...(bad.stack ? { stack: bad.stack } : {}),
      error: bad.problems.join('; '),
    },
  };
}
