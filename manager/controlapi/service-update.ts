// Control API: `shoal service update` and `shoal service rollback`. The change is planned from the
// current service (pure: planServiceUpdate), then written in one guarded commit; a refused request
// writes nothing. A changed spec starts a rolling update, and a rebalance request a rebalance
// (rebalance.ts), which the orchestrator carries out.
import { canonicalJson } from '../state/canonical-json';
import { FailedPreconditionError, InvalidArgumentError } from '../../proto/errors';
import type { UpdateServiceRequest__Output } from '../../proto/generated/shoal/v1/UpdateServiceRequest';
import type { UpdateServiceResponse__Output } from '../../proto/generated/shoal/v1/UpdateServiceResponse';
import { canonicalEnv } from '../../domain/environment';
import { envEntryProblem, imageReferenceProblem, replicasProblem, shown, specSizeProblem } from '../../domain/limits';
import type { Service, ServiceSpec } from '../../proto/types';
import { isUpdatePaused } from '../../domain/update-state';
import { withNewSpec, withPreviousSpec } from '../orchestrator/update-status';
import type { WriteOp } from '../store/store';
import { planAndCommit, type ControlDeps } from './deps';
import { resolveService } from './resolve';
import { checkClusterTasks } from './services';
import { specsEqualIgnoringReplicas } from './stack-plan';

export type UpdateChange = 'updated' | 'scaled' | 'rolled_back' | 'rebalancing' | 'unchanged';

/** The environment with `add` set, replacing the same keys, in the order the stack loader stores it. */
function withEnv(env: readonly string[], add: readonly string[]): string[] {
  if (add.length === 0) return [...env];
  return canonicalEnv([...env, ...add]);
}

/** What is wrong with the request's own values (domain/limits.ts), one message each. */
function problems(service: Service, req: UpdateServiceRequest__Output): string[] {
  const out: string[] = [];
  const add = (problem: string | undefined) => {
    if (problem) out.push(problem);
  };
  if (req.image !== '') add(imageReferenceProblem(req.image));
  for (const e of req.envAdd) add(envEntryProblem(e));
  if (req.replicas !== undefined) {
    if (service.spec.mode !== 'replicated')
      out.push(`${service.spec.name}: replicas can only be set on a replicated service`);
    else add(replicasProblem(req.replicas));
  }
  return out;
}

/** What an update request does to a service: the service to write (null: nothing) and the change a user sees. */
export function planServiceUpdate(
  service: Service,
  req: UpdateServiceRequest__Output,
  now: number,
): { value: Service | null; change: UpdateChange } {
  const changes = req.image !== '' || req.envAdd.length > 0 || req.replicas !== undefined || req.force;
  if (req.rebalance) {
    if (changes || req.rollback) throw new InvalidArgumentError('a rebalance cannot be combined with other changes');
    if (service.spec.mode !== 'replicated')
      throw new InvalidArgumentError(`${service.spec.name}: only a replicated service can be rebalanced`);
    // A paused update holds every move (rebalance.ts): the request would wait for the next update to finish.
    if (isUpdatePaused(service.updateStatus?.state)) {
      throw new FailedPreconditionError(
        `service ${service.spec.name} has a paused update: update or roll it back before a rebalance`,
      );
    }
    return { value: { ...service, rebalanceRequested: true }, change: 'rebalancing' };
  }
  if (req.rollback) {
    if (changes) throw new InvalidArgumentError('a rollback cannot be combined with other changes');
    const back = withPreviousSpec(service, 'manually requested rollback', now);
    if (!back) throw new FailedPreconditionError(`service ${service.spec.name} has no previous spec to roll back to`);
    return { value: back, change: 'rolled_back' };
  }
  if (!changes)
    throw new InvalidArgumentError(
      'nothing to update: give an image, environment variables, replicas, force, rollback or rebalance',
    );
  const found = problems(service, req);
  if (found.length) throw new InvalidArgumentError(found.join('; '));
  const old = service.spec;
  const spec: ServiceSpec = {
    ...old,
    replicas: req.replicas ?? old.replicas,
    container: {
      ...old.container,
      image: req.image || old.container.image,
      env: withEnv(old.container.env, req.envAdd),
    },
    forceUpdate: req.force ? (old.forceUpdate ?? 0) + 1 : old.forceUpdate,
  };
  const tooLarge = specSizeProblem(`service ${shown(old.name)}`, spec, old);
  if (tooLarge) throw new InvalidArgumentError(tooLarge);
  if (canonicalJson(spec) === canonicalJson(old)) return { value: null, change: 'unchanged' };
  if (specsEqualIgnoringReplicas(spec, old)) return { value: { ...service, spec }, change: 'scaled' };
  return { value: withNewSpec(service, spec, now), change: 'updated' };
}

export async function updateService(
  deps: ControlDeps,
  req: UpdateServiceRequest__Output,
): Promise<UpdateServiceResponse__Output> {
  if (!req.service) throw new InvalidArgumentError('a service name is required');
  // A rollback goes back from the spec the user saw: when it loses a race (to the orchestrator's own
  // rollback, say) and is planned again, a changed spec means it would go back somewhere else.
  let askedAgainst: number | undefined;
  const { service, change } = await planAndCommit(deps, `update service ${req.service}`, () => {
    const s = resolveService(deps.state.list('services'), req.service);
    if (req.rollback && (askedAgainst ??= s.specVersion) !== s.specVersion) {
      const status = s.updateStatus ? `; its update is ${s.updateStatus.state}: ${s.updateStatus.message}` : '';
      throw new FailedPreconditionError(
        `service ${s.spec.name} changed while the rollback was asked${status}; look at it and ask again`,
      );
    }
    const now = deps.clock.now();
    const { value, change } = planServiceUpdate(s, req, now);
    if (value && value.spec.replicas !== s.spec.replicas)
      checkClusterTasks(deps, [{ from: s.spec.replicas, to: value.spec.replicas }]);
    const ops: WriteOp[] = value
      ? [
          {
            op: 'put',
            kind: 'services',
            id: s.id,
            value: { ...value, meta: { ...s.meta, updatedAt: now } },
            expectVersion: s.meta.version,
          },
        ]
      : [];
    return { ops, result: { service: s, change } };
  });
  deps.logger.info({ 'service.name': service.spec.name, change }, 'service update requested');
  return { service: service.spec.name, change };
}
