// Pure parsers for command arguments, run before the manager is contacted so a typo is reported
// naming the argument instead of as a server error.
import { InvalidArgumentError } from '../../proto/errors';
import type { NodeAvailability } from '../../proto/types';

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** A Go-style duration ("2m", "1m30s", "500ms") in milliseconds. */
export function parseDuration(text: string, option: string): number {
  const bad = (why: string): InvalidArgumentError =>
    new InvalidArgumentError(`invalid ${option} ${JSON.stringify(text)}: ${why}`);
  if (text === '0') return 0;
  if (!text) throw bad('expected a duration such as 90s or 2m');
  let ms = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < text.length) {
    const at = DURATION_PART.lastIndex;
    const m = DURATION_PART.exec(text);
    if (!m) {
      const rest = text.slice(at);
      throw bad(/^[\d.]+$/.test(rest) ? `missing unit in ${JSON.stringify(rest)} (use ms, s, m or h)` : 'expected a duration such as 90s or 2m');
    }
    ms += Number(m[1]) * UNIT_MS[m[2]];
  }
  return ms;
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

const AVAILABILITIES: readonly NodeAvailability[] = ['active', 'pause', 'drain'];

export function parseAvailability(arg: string): NodeAvailability {
  const found = AVAILABILITIES.find((a) => a === arg);
  if (!found) throw new InvalidArgumentError(`invalid --availability ${JSON.stringify(arg)}: expected one of ${AVAILABILITIES.join(', ')}`);
  return found;
}
