// What `stack deploy`, `service scale` and `service update` show while they wait for services to
// converge: a block of lines redrawn in place on a terminal, and one summary line on a pipe; and,
// once the wait is over, why an update the command started did not complete.
import type { ProgressSnapshot__Output } from '../../proto/generated/shoal/v1/ProgressSnapshot';
import type { ServiceProgress__Output } from '../../proto/generated/shoal/v1/ServiceProgress';
import type { TaskProgress__Output } from '../../proto/generated/shoal/v1/TaskProgress';
import { isUpdatePaused } from '../../domain/update-state';
import { shortDuration } from './human-duration';
import { naturalCompare } from './natural-compare';

export interface ProgressOptions {
  elapsedMs: number;
}

function sortedServices(snapshot: ProgressSnapshot__Output): ServiceProgress__Output[] {
  return [...snapshot.services].sort((a, b) => naturalCompare(a.service, b.service));
}

/** How each update state reads after the running count; a completed update (or none) adds nothing. */
const UPDATE_PHRASES: Readonly<Record<string, string>> = {
  updating: 'updating',
  paused: 'update paused',
  rollback_started: 'rolling back',
  rollback_paused: 'rollback paused',
  rollback_completed: 'rolled back',
};

/** ", update paused: task web_app.2 failed: ..." */
function updatePhrase(s: ServiceProgress__Output): string {
  const phrase = UPDATE_PHRASES[s.updateState];
  if (!phrase) return '';
  const why = s.updateState === 'updating' ? '' : s.updateMessage;
  return `, ${phrase}${why ? `: ${why}` : ''}`;
}

function serviceCount(s: ServiceProgress__Output): string {
  return s.removed ? 'removed' : `${s.running}/${s.desired} running${updatePhrase(s)}`;
}

/** Nothing more will happen by itself: every service converged, or its update is paused. */
export function isSettled(snapshot: ProgressSnapshot__Output): boolean {
  return snapshot.services.every((s) => s.converged || isUpdatePaused(s.updateState));
}

/** What a command that started updates waits for: an update to complete, or a rollback to. */
export type StartedChange = 'update' | 'rollback';

/** The update states that mean a started change did not go through, and how to say so. */
const FAILED_OUTCOMES: Readonly<Record<StartedChange, Readonly<Record<string, string>>>> = {
  update: {
    paused: 'update paused',
    rollback_started: 'update rolled back',
    rollback_completed: 'update rolled back',
    rollback_paused: 'update rolled back, then the rollback paused',
  },
  rollback: { rollback_paused: 'rollback paused' },
};

/**
 * One line per update (or rollback) a command started that did not go through: paused, or rolled
 * back, with the reason the manager gave ("web_app: update rolled back: task web_app.2 failed: ...").
 */
export function renderUpdateFailures(
  snapshot: ProgressSnapshot__Output,
  started: ReadonlyMap<string, StartedChange>,
): string[] {
  const lines: string[] = [];
  for (const s of sortedServices(snapshot)) {
    const change = started.get(s.service);
    const outcome = change && FAILED_OUTCOMES[change][s.updateState];
    if (outcome) lines.push(`${s.service}: ${outcome}${s.updateMessage ? `: ${s.updateMessage}` : ''}`);
  }
  return lines;
}

/** "  web_app.3 pending: no suitable node: ..." or "  web_app.2 failed on node-2: exit 1". */
function taskLine(t: TaskProgress__Output): string {
  const where = t.node ? ` on ${t.node}` : '';
  const why = t.err || t.message;
  return `  ${t.name} ${t.state}${where}${why ? `: ${why}` : ''}`;
}

/**
 * One line per service and, under it, one per task not running yet with its reason (the manager lists
 * 20 at most and counts the others); then a status line.
 */
export function renderProgress(snapshot: ProgressSnapshot__Output, opts: ProgressOptions): string[] {
  const lines: string[] = [];
  for (const s of sortedServices(snapshot)) {
    lines.push(`${s.service}: ${serviceCount(s)}${s.converged && !s.removed ? ' (converged)' : ''}`);
    for (const t of [...s.tasks].sort((a, b) => naturalCompare(a.name, b.name))) lines.push(taskLine(t));
    if (s.tasksNotShown > 0)
      lines.push(`  and ${s.tasksNotShown} more ${s.tasksNotShown === 1 ? 'task' : 'tasks'} not running`);
  }
  const elapsed = shortDuration(opts.elapsedMs);
  lines.push(
    snapshot.converged
      ? `converged in ${elapsed}`
      : isSettled(snapshot)
        ? `not converged: an update is paused (${elapsed})`
        : `waiting for services to converge (${elapsed})`,
  );
  return lines;
}

/** "web_app: 3/3 running; web_db: 1/1 running (converged in 2.1s)". */
export function renderProgressSummary(snapshot: ProgressSnapshot__Output, opts: ProgressOptions): string {
  const counts = sortedServices(snapshot)
    .map((s) => `${s.service}: ${serviceCount(s)}`)
    .join('; ');
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
