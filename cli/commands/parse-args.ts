// Pure parsers for command arguments, run before the manager is contacted so a typo is reported
// naming the argument instead of as a server error.
import { InvalidArgumentError } from '../../proto/errors';
import type { NodeAvailability } from '../../proto/types';
import { parseDurationMs } from '../../lib/duration';
import { AVAILABILITIES } from '../../domain/spec-values';
import { labelKeyProblem, parseLabel } from '../../domain/labels';
import {
  envEntryProblem,
  imageReferenceProblem,
  replicasProblem as replicasLimitProblem,
  shown,
} from '../../domain/limits';

/** A Go-style duration ("2m", "1m30s", "500ms") in milliseconds. */
export function parseDuration(text: string, option: string): number {
  const ms = parseDurationMs(text);
  if (ms !== undefined && !/\s/.test(text)) return ms;
  const why = /^[\d.]+$/.test(text)
    ? `missing unit in ${JSON.stringify(text)} (use ms, s, m or h)`
    : 'expected a duration such as 90s or 2m';
  throw new InvalidArgumentError(`invalid ${option} ${JSON.stringify(text)}: ${why}`);
}

/** RFC 3339 as docker takes it: a date, optionally a time (seconds, fraction), optionally a zone (Z or ±hh:mm). */
const RFC3339 = /^(\d{4}-\d\d-\d\d)(?:T(\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?)(Z|[+-]\d\d:\d\d)?)?$/;
/** Unix seconds, optionally with a fraction, as docker takes them. */
const UNIX_SECONDS = /^\d+(?:\.\d{1,9})?$/;

/**
 * A point in time for --since and --until, in Unix ms: a duration back from `now` ("10m", "1h30m"), an
 * RFC 3339 time ("2026-11-24T08:00:00Z"; without a zone, local time), a date, or Unix seconds.
 */
export function parseTime(text: string, option: string, now: number): number {
  const ms = parseDurationMs(text);
  if (ms !== undefined && !/\s/.test(text) && text !== '0') return Math.max(0, now - ms);
  if (UNIX_SECONDS.test(text)) return Math.round(Number(text) * 1000);
  const m = RFC3339.exec(text);
  // A date alone is midnight local time, like a time without a zone (Date.parse would take it as UTC).
  const time = m ? Date.parse(m[2] ? text : `${m[1]}T00:00`) : NaN;
  if (!Number.isNaN(time)) return time;
  throw new InvalidArgumentError(
    `invalid ${option} ${JSON.stringify(text)}: ` +
      'expected a duration such as 10m or 1h30m, or a time such as 2026-11-24T08:00:00Z',
  );
}

/** --tail: a number of lines, or "all" (-1). */
export function parseTail(text: string): number {
  if (text === 'all') return -1;
  if (!/^\d+$/.test(text) || Number(text) > Number.MAX_SAFE_INTEGER)
    throw new InvalidArgumentError(`invalid --tail ${JSON.stringify(text)}: expected a number of lines or "all"`);
  return Number(text);
}

export interface ScaleSpec {
  service: string;
  replicas: number;
}

/** "web=3" as `service scale` takes it. */
export function parseScaleSpec(arg: string): ScaleSpec {
  const eq = arg.indexOf('=');
  const bad = (why: string): InvalidArgumentError =>
    new InvalidArgumentError(`invalid scale argument ${JSON.stringify(arg)}: ${why}`);
  if (eq < 0) throw bad('expected SERVICE=REPLICAS, e.g. web=3');
  const service = arg.slice(0, eq);
  const count = arg.slice(eq + 1);
  if (!service) throw bad('missing service name before "="');
  const problem = replicasProblem(count);
  if (problem) throw bad(problem);
  return { service, replicas: Number(count) };
}

/**
 * Why a replica count as typed is none, or null: a non-negative integer within the limit (domain/limits.ts),
 * as the manager checks it, so an over-limit count is refused before the manager is asked.
 */
function replicasProblem(count: string): string | null {
  if (!/^\d+$/.test(count)) return `replicas ${JSON.stringify(count)} is not a non-negative integer`;
  return replicasLimitProblem(Number(count)) ?? null;
}

/** --replicas for `service update`. */
export function parseReplicas(arg: string): number {
  const problem = replicasProblem(arg);
  if (problem) throw new InvalidArgumentError(`invalid --replicas: ${problem}`);
  return Number(arg);
}

/** "KEY=value" for `service update --env-add`: an entry the manager stores (domain/limits.ts). */
export function parseEnvAdd(arg: string): string {
  const problem = envEntryProblem(arg);
  if (problem) throw new InvalidArgumentError(`invalid --env-add: ${problem}`);
  return arg;
}

/** --image for `service update`: an image reference by the distribution grammar (domain/limits.ts). */
export function parseImage(arg: string): string {
  const problem = imageReferenceProblem(arg);
  if (problem) throw new InvalidArgumentError(`invalid --image: ${problem}`);
  return arg;
}

/** "zone=a" or "ssd" for `node update --label-add`. */
export function parseLabelAdd(arg: string): string {
  const label = parseLabel(arg);
  if (!label.ok)
    throw new InvalidArgumentError(`invalid --label-add ${shown(arg)}: ${label.error}; expected KEY=VALUE or KEY`);
  return arg;
}

/** A label key for `node update --label-rm`. */
export function parseLabelRm(arg: string): string {
  if (labelKeyProblem(arg))
    throw new InvalidArgumentError(`invalid --label-rm ${JSON.stringify(arg)}: expected a label KEY`);
  return arg;
}

export function parseAvailability(arg: string): NodeAvailability {
  const found = AVAILABILITIES.find((a) => a === arg);
  if (!found)
    throw new InvalidArgumentError(
      `invalid --availability ${JSON.stringify(arg)}: expected one of ${AVAILABILITIES.join(', ')}`,
    );
  return found;
}
