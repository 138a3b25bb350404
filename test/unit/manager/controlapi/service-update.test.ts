import { describe, expect, it } from 'vitest';
import type { ControlDeps } from '../../../../manager/controlapi/deps';
import { planServiceUpdate, updateService } from '../../../../manager/controlapi/service-update';
import { ConflictError, FailedPreconditionError, InvalidArgumentError } from '../../../../proto/errors';
import type { UpdateServiceRequest__Output } from '../../../../proto/generated/shoal/v1/UpdateServiceRequest';
import type { Service } from '../../../../proto/types';
import pino from 'pino';
import { makeService, makeSpec } from '../../../fakes/builders';

const NOW = 5_000;

const web = (o: Partial<Service> = {}): Service =>
  makeService({
    id: 's',
    specVersion: 3,
    spec: { name: 'web_app', replicas: 2, container: { image: 'web:1', env: ['A=1', 'C=3'] } },
    ...o,
  });
const req = (o: Partial<UpdateServiceRequest__Output> = {}): UpdateServiceRequest__Output => ({
  service: 'web_app',
  image: '',
  envAdd: [],
  force: false,
  rollback: false,
  rebalance: false,
  ...o,
});

describe('planServiceUpdate', () => {
  it.each([
    ['a new image starts an update', req({ image: 'web:2' }), 'updated', { container: { image: 'web:2' } }],
    [
      '--env-add sets and replaces variables, sorted by key',
      req({ envAdd: ['B=2', 'A=9'] }),
      'updated',
      { container: { env: ['A=9', 'B=2', 'C=3'] } },
    ],
    [
      '--force bumps the forced-update count alone',
      req({ force: true }),
      'updated',
      { forceUpdate: 1, container: { image: 'web:1' } },
    ],
    ['replicas alone scale', req({ replicas: 5 }), 'scaled', { replicas: 5 }],
    [
      'replicas with an image update with the new count',
      req({ replicas: 4, image: 'web:2' }),
      'updated',
      { replicas: 4, container: { image: 'web:2' } },
    ],
    ['the same image changes nothing', req({ image: 'web:1' }), 'unchanged', undefined],
  ])('%s', (_what, r, change, spec) => {
    const { value, change: got } = planServiceUpdate(web(), r, NOW);
    expect(got).toBe(change);
    if (spec === undefined) expect(value).toBeNull();
    else expect(value?.spec).toMatchObject(spec);
    if (change === 'updated') {
      expect(value).toMatchObject({
        specVersion: 4,
        previousSpecVersion: 3,
        previousSpec: { container: { image: 'web:1' } },
        updateStatus: { state: 'updating', startedAt: NOW },
      });
    }
    if (change === 'scaled') expect(value).toMatchObject({ specVersion: 3, updateStatus: null });
  });

  it('a rollback swaps the spec and its version with the previous ones', () => {
    const service = web({
      previousSpec: makeSpec({ name: 'web_app', container: { image: 'web:0' } }),
      previousSpecVersion: 2,
    });
    const { value, change } = planServiceUpdate(service, req({ rollback: true }), NOW);
    expect(change).toBe('rolled_back');
    expect(value).toMatchObject({
      specVersion: 2,
      spec: { container: { image: 'web:0' } },
      previousSpecVersion: 3,
      previousSpec: { container: { image: 'web:1' } },
      updateStatus: {
        state: 'rollback_started',
        message: 'manually requested rollback',
        startedAt: NOW,
        completedAt: 0,
      },
    });
    // The next update takes a version never used before.
    expect(planServiceUpdate(value!, req({ image: 'web:5' }), NOW).value?.specVersion).toBe(4);
  });

  it.each([
    ['nothing to do', web(), req(), InvalidArgumentError, 'nothing to update'],
    [
      'a rollback with other changes',
      web(),
      req({ rollback: true, image: 'x' }),
      InvalidArgumentError,
      'a rollback cannot be combined with other changes',
    ],
    [
      'a rollback without a previous spec',
      web(),
      req({ rollback: true }),
      FailedPreconditionError,
      'service web_app has no previous spec to roll back to',
    ],
    [
      'a bad environment entry',
      web(),
      req({ envAdd: ['NOVALUE'] }),
      InvalidArgumentError,
      'environment variable "NOVALUE": expected KEY=VALUE',
    ],
    ['an image with spaces', web(), req({ image: 'a b' }), InvalidArgumentError, 'invalid image "a b"'],
    [
      'replicas of a global service',
      makeService({ spec: { name: 'agent', mode: 'global', replicas: 0 } }),
      req({ replicas: 2 }),
      InvalidArgumentError,
      'agent: replicas can only be set on a replicated service',
    ],
    [
      'too many replicas',
      web(),
      req({ replicas: 1_000_000 }),
      InvalidArgumentError,
      'replicas 1000000 is over the limit of 100000',
    ],
    [
      'a rebalance while an update is paused',
      web({ updateStatus: { state: 'paused', message: '', startedAt: 0, completedAt: 0 } }),
      req({ rebalance: true }),
      FailedPreconditionError,
      'service web_app has a paused update: update or roll it back before a rebalance',
    ],
  ])('refuses %s', (_what, service, r, type, message) => {
    const plan = () => planServiceUpdate(service, r, NOW);
    expect(plan).toThrow(type);
    expect(plan).toThrow(message);
  });
});

describe('updateService', () => {
  it(
    'refuses a rollback that lost a race to a change of the spec, ' + 'instead of going back from the new one',
    async () => {
      const failing = web({
        specVersion: 4,
        previousSpecVersion: 3,
        previousSpec: makeSpec({ name: 'web_app', container: { image: 'web:1' } }),
        spec: makeSpec({ name: 'web_app', container: { image: 'web:2' } }),
      });
      let current = failing;
      const commits: number[] = [];
      const deps = {
        state: { list: () => [current], waitFor: async () => undefined },
        store: {
          commit: async () => {
            commits.push(current.specVersion);
            // The orchestrator rolled back first: the service is on web:1 again, and the write loses.
            current = {
              ...failing,
              specVersion: 3,
              previousSpecVersion: 4,
              spec: failing.previousSpec!,
              previousSpec: failing.spec,
            };
            throw new ConflictError('services/s changed');
          },
        },
        clock: { now: () => NOW },
        logger: pino({ level: 'silent' }),
      } as unknown as ControlDeps;
      const refused = await updateService(deps, req({ rollback: true })).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(FailedPreconditionError);
      expect((refused as Error).message).toMatch(/^service web_app changed while the rollback was asked/);
      expect(commits).toEqual([4]);
    },
  );
});
