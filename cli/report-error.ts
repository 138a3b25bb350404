// How the CLI prints a failure: one clear line per problem, and the stack trace only with --debug.
import { InvalidSpecError, formatIssue } from '../proto/errors';

export function describeError(err: unknown, opts: { debug: boolean }): string[] {
  if (err instanceof InvalidSpecError) {
    return [...err.issues.map(formatIssue), ...(opts.debug && err.stack ? [err.stack] : [])];
  }
  if (err instanceof Error) {
    const details = (err as { details?: unknown }).details;
    const message = typeof details === 'string' && details ? details : err.message;
    return [`error: ${message}`, ...(opts.debug && err.stack ? [err.stack] : [])];
  }
  return [`error: ${String(err)}`];
}
