// Pure parsers for command arguments, run before the manager is contacted so a typo is reported
// naming the argument instead of as a server error.
import { InvalidArgumentError } from '../../proto/errors';
import type { NodeAvailability } from '../../proto/types';
import { parseDurationMs } from '../../proto/duration';
import { AVAILABILITIES } from '../../proto/spec-values';


/** A Go-style duration ("2m", "1m30s", "500ms") in milliseconds. */
export function parseDuration(text: string, option: string): number {
  const ms = parseDurationMs(text);
  if (ms !== undefined && !/\s/.test(text)) return ms;
  const why = /^[\d.]+$/.test(text) ? `missing unit in ${JSON.stringify(text)} (use ms, s, m or h)` : 'expected a duration such as 90s or 2m';
  throw new InvalidArgumentError(`invalid ${option} ${JSON.stringify(text)}: ${why}`);
}

export interface ScaleSpec {
  service: string;
  replicas: number;
}

/** "web=3" as `service scale` takes it. */
export function parseScaleSpec(arg: string): ScaleSpec {
  const eq = arg.indexOf('=');
  const bad = (why: string): InvalidArgumentError => new InvalidArgumentError(`invalid scale argument ${JSON.stringify(arg)}: ${why}`);
  if (eq < 0) throw bad('expected SERVICE=REPLICAS, e.g. web=3');
  const service = arg.slice(0, eq);
  const count = arg.slice(eq + 1);
  if (!service) throw bad('missing service name before "="');
  if (!/^\d+$/.test(count)) throw bad(`replicas ${JSON.stringify(count)} is not a non-negative integer`);
  const replicas = Number(count);
  if (replicas > 0xffffffff) throw bad(`replicas ${count} is too large`);
  return { service, replicas };
}

/** "zone=a" or "ssd" for `node update --label-add`. */
export function parseLabelAdd(arg: string): string {
  const key = arg.split('=', 1)[0];
  if (!key) throw new InvalidArgumentError(`invalid --label-add ${JSON.stringify(arg)}: expected KEY=VALUE or KEY`);
  return arg;
}

/** A label key for `node update --label-rm`. */
export function parseLabelRm(arg: string): string {
  if (!arg || arg.includes('=')) throw new InvalidArgumentError(`invalid --label-rm ${JSON.stringify(arg)}: expected a label KEY`);
  return arg;
}

export function parseAvailability(arg: string): NodeAvailability {
  const found = AVAILABILITIES.find((a) => a === arg);
  if (!found) throw new InvalidArgumentError(`invalid --availability ${JSON.stringify(arg)}: expected one of ${AVAILABILITIES.join(', ')}`);
  return found;
}
