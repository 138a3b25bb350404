// `shoal events`: one line per event as `docker events` prints it, or one JSON object per line.
import type { ClusterEvent } from '../../domain/event-filter';
import { compareStrings } from '../../lib/compare';

export interface EventJson {
  /** Unix ms. */
  time: number;
  type: string;
  action: string;
  id: string;
  name: string;
  attributes: Record<string, string>;
}

export function toEventJson(e: ClusterEvent): EventJson {
  return { time: e.time, type: e.type, action: e.action, id: e.id, name: e.name, attributes: sortedAttributes(e) };
}

function sortedAttributes(e: ClusterEvent): Record<string, string> {
  return Object.fromEntries(Object.entries(e.attributes).sort(([a], [b]) => compareStrings(a, b)));
}

/** "2026-11-24T08:00:00.000Z service update web (replicas=3)": time, type, action, name, then the attributes by key. */
export function renderEvent(e: ClusterEvent): string {
  const attributes = Object.entries(sortedAttributes(e))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${new Date(e.time).toISOString()} ${e.type} ${e.action} ${e.name}${attributes ? ` (${attributes})` : ''}`;
}
