// The states of a service's rolling update (`UpdateStatus.state`), for the manager and the CLI alike:
// updating → completed, or on failure paused, or rollback_started → rollback_completed (or
// rollback_paused when the rollback fails too). "" is a service whose spec never changed.
export type UpdateState =
  'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';

/** The orchestrator is replacing tasks: an update or a rollback is under way. */
export function isUpdateInProgress(state: string | undefined): boolean {
  return state === 'updating' || state === 'rollback_started';
}

/** Stopped by failures: nothing moves until the next update or a rollback. */
export function isUpdatePaused(state: string | undefined): boolean {
  return state === 'paused' || state === 'rollback_paused';
}
