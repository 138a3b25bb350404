// How a service's spec and update status change, pure: a new spec starts an update, a rollback
// switches back to the previous spec, and the orchestrator moves the status along. The control API
// and the orchestrator both write services through these.
import type { Service, ServiceSpec } from '../../proto/types';
import type { UpdateState } from '../../domain/update-state';

/**
 * The service with a new spec, to be rolled out per its update_config. Spec versions are never
 * reused (a task's version says which spec it runs): the next is above the current and the previous.
 */
export function withNewSpec(service: Service, spec: ServiceSpec, now: number): Service {
  return {
    ...service,
    spec,
    specVersion: Math.max(service.specVersion, service.previousSpecVersion ?? 0) + 1,
    previousSpec: service.spec,
    previousSpecVersion: service.specVersion,
    updateStatus: { state: 'updating', message: 'update in progress', startedAt: now, completedAt: 0 },
  };
}

/**
 * The service switched back to its previous spec and version, to be rolled out per that spec's
 * rollback_config; tasks that still run it stay. The spec it leaves becomes the previous one, so a
 * second rollback undoes the first, as with docker. Null when there is no previous spec.
 */
export function withPreviousSpec(service: Service, message: string, now: number): Service | null {
  if (!service.previousSpec) return null;
  return {
    ...service,
    spec: service.previousSpec,
    specVersion: service.previousSpecVersion,
    previousSpec: service.spec,
    previousSpecVersion: service.specVersion,
    updateStatus: { state: 'rollback_started', message, startedAt: now, completedAt: 0 },
  };
}

/** The service with its update moved to `state`; completedAt is set when it completes or is rolled back. */
export function withUpdateState(service: Service, state: UpdateState, message: string, now: number): Service {
  const done = state === 'completed' || state === 'rollback_completed';
  return {
    ...service,
    updateStatus: { state, message, startedAt: service.updateStatus?.startedAt ?? now, completedAt: done ? now : 0 },
  };
}
