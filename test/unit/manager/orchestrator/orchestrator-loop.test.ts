// The orchestrator loop against a memory store: what it knows only in memory (when tasks were seen
// running) is lost on a manager restart, and the loop tells the update when it started watching.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OrchestratorLoop } from '../../../../manager/orchestrator/orchestrator-loop';
import { ClusterState } from '../../../../manager/state/cluster-state';
import type { WriteOp } from '../../../../manager/store/store';
import type { Task } from '../../../../proto/types';
import { eventually } from '../../../../testkit/eventually';
import { MemoryStore } from '../../../fakes/memory-store';
import { makeNode, makeService, makeSpec, makeTask, type TaskOverrides } from '../../../fakes/builders';

const STARTED = 1_000;

let stopAll: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopAll?.();
  stopAll = undefined;
});

describe('OrchestratorLoop', () => {
  it(
    'after a manager restart, ' +
      'a task of the update that ran past the monitor and ended before the restart is no failure',
    async () => {
      // Spec 2 rolls out over spec 1 with a 60 s delay between batches. Slot 1 was updated: n1 ran from
      // 1 100 for 30 s and exited 0, its restart n1b runs; slots 2 and 3 wait for the delay. The manager
      // restarts at 60 000; slot 4 is left over from a scale-down, which tells that the loop has planned.
      const service = makeService({
        id: 's',
        specVersion: 2,
        previousSpec: makeSpec({ replicas: 3, container: { image: 'web:1' } }),
        previousSpecVersion: 1,
        updateStatus: { state: 'updating', message: 'update in progress', startedAt: STARTED, completedAt: 0 },
        spec: {
          replicas: 3,
          container: { image: 'web:2' },
          restartPolicy: { delayMs: 0 },
          updateConfig: { monitorMs: 1_000, delayMs: 60_000, failureAction: 'rollback' },
        },
      });
      const task = (id: string, slot: number, specVersion: number, o: TaskOverrides): Task =>
        makeTask({
          id,
          serviceId: 's',
          slot,
          nodeId: 'a',
          specVersion,
          meta: { version: 0, createdAt: specVersion === 2 ? STARTED + 10 : 0, updatedAt: 0 },
          ...o,
        });
      const tasks = [
        task('n1', 1, 2, { desiredState: 'shutdown', status: { state: 'complete', timestamp: 31_100 } }),
        task('n1b', 1, 2, {
          status: { state: 'running', timestamp: 31_200 },
          meta: { version: 0, createdAt: 31_150, updatedAt: 0 },
        }),
        task('o2', 2, 1, { status: { state: 'running', timestamp: 0 } }),
        task('o3', 3, 1, { status: { state: 'running', timestamp: 0 } }),
        task('o4', 4, 1, { status: { state: 'running', timestamp: 0 } }),
      ];
      const store = new MemoryStore();
      const put = (kind: WriteOp['kind'], value: { id: string }): WriteOp =>
        ({ op: 'put', kind, id: value.id, value, expectVersion: 0 }) as WriteOp;
      await store.commit([
        put('nodes', makeNode({ id: 'a' })),
        put('services', service),
        ...tasks.map((t) => put('tasks', t)),
      ]);
      const state = new ClusterState(store);
      await state.start();
      let n = 0;
      const loop = new OrchestratorLoop(
        state,
        store,
        { now: () => 60_000 },
        pino({ level: 'silent' }),
        () => `id${++n}`,
      );
      stopAll = async () => {
        loop.stop();
        await state.stop();
      };
      loop.start();

      await eventually(
        'the loop planned',
        async () =>
          state.get('tasks', 'o4')?.desiredState === 'shutdown' ||
          state.get('services', 's')?.updateStatus?.state !== 'updating',
        3_000,
      );
      expect(state.get('services', 's')?.updateStatus?.state).toBe('updating');
    },
  );
});
