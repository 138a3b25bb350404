// Waits for services to converge by following the manager's progress stream: redraws the progress
// in place on a terminal, prints one summary line on a pipe, and fails with the last state when the
// timeout passes first. The wait also ends when an update is paused; it fails when an update (or
// rollback) the command started was paused or rolled back.
import type { ShoalClient } from '../client';
import type { ProgressSnapshot__Output } from '../../proto/generated/shoal/v1/ProgressSnapshot';
import {
  isSettled,
  redraw,
  renderProgress,
  renderProgressSummary,
  renderUpdateFailures,
  type StartedChange,
} from '../render/progress';
import { printLines, type Terminal } from './app';

/** How often the elapsed time is redrawn on a terminal between snapshots. */
const REDRAW_INTERVAL_MS = 500;

export class ConvergeTimeoutError extends Error {
  constructor(
    readonly services: readonly string[],
    readonly timeoutText: string,
  ) {
    super(
      `timed out after ${timeoutText} waiting for ${services.join(', ')} to converge; ` +
        'the manager keeps working on it (see `shoal service ps`), or wait longer with --timeout',
    );
  }
}

/** An update or rollback the command started was paused or rolled back; one line per service. */
export class UpdateFailedError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

export interface WaitOptions {
  timeoutMs: number;
  /** The timeout as the user wrote it, for the error message. */
  timeoutText: string;
  /** The services (full names) whose update or rollback this command started, judged once the wait ends. */
  changes?: ReadonlyMap<string, StartedChange>;
}

export function waitConverged(
  stdout: Terminal,
  client: Pick<ShoalClient, 'watchProgress'>,
  services: string[],
  opts: WaitOptions,
): Promise<void> {
  const started = Date.now();
  const tty = stdout.isTTY;
  let last: ProgressSnapshot__Output | null = null;
  let drawnLines = 0;

  const draw = (snapshot: ProgressSnapshot__Output): void => {
    const lines = renderProgress(snapshot, { elapsedMs: Date.now() - started });
    stdout.write(redraw(drawnLines, lines, stdout.columns));
    drawnLines = lines.length;
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    let watch: { cancel(): void } | undefined;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(ticker);
      watch?.cancel();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => {
      if (last && tty) draw(last);
      else if (last) printLines(stdout, renderProgress(last, { elapsedMs: Date.now() - started }));
      finish(new ConvergeTimeoutError(services, opts.timeoutText));
    }, opts.timeoutMs);
    const ticker = tty ? setInterval(() => last && draw(last), REDRAW_INTERVAL_MS) : undefined;
    watch = client.watchProgress(services, {
      onSnapshot(snapshot) {
        last = snapshot;
        if (tty) draw(snapshot);
        if (!isSettled(snapshot)) return;
        if (!tty) printLines(stdout, [renderProgressSummary(snapshot, { elapsedMs: Date.now() - started })]);
        const failures = renderUpdateFailures(snapshot, opts.changes ?? new Map());
        finish(failures.length ? new UpdateFailedError(failures) : undefined);
      },
      onError: finish,
      onEnd: () => finish(new Error('the manager closed the progress stream before the services converged')),
    });
    // A snapshot delivered while subscribing may already have settled the wait.
    if (settled) watch.cancel();
  });
}
