// Cluster event types and `shoal events --filter`, pure and shared: the CLI checks filters before it
// connects, the manager checks them again and applies them. Like docker's: the values of one key are
// alternatives, different keys must all match.
import type { ClusterEvent__Output } from '../proto/generated/shoal/v1/ClusterEvent';
import { InvalidArgumentError } from '../proto/errors';

export type ClusterEvent = ClusterEvent__Output;

export const EVENT_TYPES = ['service', 'task', 'node', 'network', 'stack'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What each filter key matches in an event. */
const MATCHERS: Readonly<Record<string, (e: ClusterEvent, value: string) => boolean>> = {
  type: (e, v) => e.type === v,
  event: (e, v) => e.action === v,
  name: (e, v) => e.name === v,
  id: (e, v) => e.id === v,
  /** The service's own events, and its tasks', by name or id. */
  service: (e, v) =>
    (e.type === 'service' && (e.name === v || e.id === v)) ||
    e.attributes.service === v ||
    e.attributes.serviceId === v,
  /** The node's own events, and those of the tasks on it, by hostname or id. */
  node: (e, v) =>
    (e.type === 'node' && (e.name === v || e.id === v)) || e.attributes.node === v || e.attributes.nodeId === v,
};

export type EventFilters = ReadonlyMap<string, readonly string[]>;

/** "type=service" arguments, by key; throws InvalidArgumentError naming the bad one. */
export function parseEventFilters(args: readonly string[]): EventFilters {
  const filters = new Map<string, string[]>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const key = arg.slice(0, Math.max(eq, 0));
    const value = arg.slice(eq + 1);
    const bad = (why: string) => new InvalidArgumentError(`invalid --filter ${JSON.stringify(arg)}: ${why}`);
    if (eq < 1 || !value) throw bad('expected KEY=VALUE, e.g. type=service');
    if (!MATCHERS[key]) throw bad(`unknown key ${JSON.stringify(key)}; use one of ${Object.keys(MATCHERS).join(', ')}`);
    if (key === 'type' && !(EVENT_TYPES as readonly string[]).includes(value))
      throw bad(`type must be one of ${EVENT_TYPES.join(', ')}`);
    filters.set(key, [...(filters.get(key) ?? []), value]);
  }
  return filters;
}

export function matchesEvent(e: ClusterEvent, filters: EventFilters): boolean {
  for (const [key, values] of filters) if (!values.some((v) => MATCHERS[key]!(e, v))) return false;
  return true;
}
