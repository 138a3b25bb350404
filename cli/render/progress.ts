// What `stack deploy` and `service scale` show while they wait for services to converge: a block of
// lines redrawn in place on a terminal, and one summary line on a pipe.
import type { ProgressSnapshot__Output } from '../../proto/generated/shoal/v1/ProgressSnapshot';
import type { ServiceProgress__Output } from '../../proto/generated/shoal/v1/ServiceProgress';
import type { TaskProgress__Output } from '../../proto/generated/shoal/v1/TaskProgress';
import { shortDuration } from './human-duration';
import { naturalCompare } from './natural-compare';

export interface ProgressOptions {
  elapsedMs: number;
}

function sortedServices(snapshot: ProgressSnapshot__Output): ServiceProgress__Output[] {
  return [...snapshot.services].sort((a, b) => naturalCompare(a.service, b.service));
}

function serviceCount(s: ServiceProgress__Output): string {
  return s.removed ? 'removed' : `${s.running}/${s.desired} running`;
}

/** "  web_app.3 pending: no suitable node: ..." or "  web_app.2 failed on node-2: exit 1". */
function taskLine(t: TaskProgress__Output): string {
  const where = t.node ? ` on ${t.node}` : '';
  const why = t.err || t.message;
  return `  ${t.name} ${t.state}${where}${why ? `: ${why}` : ''}`;
}

/** One line per service and, under it, one per task not running yet with its reason; then a status line. */
export function renderProgress(snapshot: ProgressSnapshot__Output, opts: ProgressOptions): string[] {
  const lines: string[] = [];
  for (const s of sortedServices(snapshot)) {
    lines.push(`${s.service}: ${serviceCount(s)}${s.converged && !s.removed ? ' (converged)' : ''}`);
    for (const t of [...s.tasks].sort((a, b) => naturalCompare(a.name, b.name))) lines.push(taskLine(t));
  }
  const elapsed = shortDuration(opts.elapsedMs);
  lines.push(snapshot.converged ? `converged in ${elapsed}` : `waiting for services to converge (${elapsed})`);
  return lines;
}

/** "web_app: 3/3 running; web_db: 1/1 running (converged in 2.1s)". */
export function renderProgressSummary(snapshot: ProgressSnapshot__Output, opts: ProgressOptions): string {
  const counts = sortedServices(snapshot).map((s) => `${s.service}: ${serviceCount(s)}`).join('; ');
  const elapsed = shortDuration(opts.elapsedMs);
  return `${counts} (${snapshot.converged ? `converged in ${elapsed}` : `not converged after ${elapsed}`})`;
}

const CURSOR_UP = (n: number): string => `\x1b[${n}A`;
const CLEAR_TO_END = '\x1b[J';

/**
 * The bytes that replace the `previousLineCount` lines drawn last time with `lines`, each cut to the
 * terminal's `columns` so that no line wraps and the next redraw moves up by exactly the lines drawn.
 */
export function redraw(previousLineCount: number, lines: readonly string[], columns: number): string {
  const up = previousLineCount > 0 ? `\r${CURSOR_UP(previousLineCount)}` : '';
  const body = lines.map((l) => (columns > 0 && l.length >= columns ? l.slice(0, columns - 1) : l));
  return `${up}${CLEAR_TO_END}${body.map((l) => `${l}\n`).join('')}`;
}
