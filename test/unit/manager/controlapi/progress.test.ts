import { describe, expect, it } from 'vitest';
import { MAX_PROGRESS_TASKS, planProgressMessages, summarizeService } from '../../../../manager/controlapi/progress';
import { makeNode, makeService, makeTask } from '../../../fakes/builders';

const svc = makeService({ id: 's1', specVersion: 2, spec: { name: 'web_app', replicas: 2 } });
const nodes = new Map([['n1', makeNode({ id: 'n1', description: { hostname: 'host1' } })]]);
const running = (slot: number, o = {}) =>
  makeTask({ serviceId: 's1', slot, nodeId: 'n1', specVersion: 2, status: { state: 'running' }, ...o });

describe('summarizeService', () => {
  it('is converged when the desired count runs the current spec', () => {
    const p = summarizeService(svc, 'web_app', [running(1), running(2)], nodes);
    expect(p).toMatchObject({ desired: 2, running: 2, converged: true, tasks: [] });
  });
  it('does not count tasks of an older spec version as running', () => {
    const p = summarizeService(svc, 'web_app', [running(1), running(2, { specVersion: 1 })], nodes);
    expect(p).toMatchObject({ running: 1, converged: false });
  });
  it('explains tasks that do not run: pending reason and failures', () => {
    const pending = makeTask({
      serviceId: 's1',
      slot: 2,
      specVersion: 2,
      status: { state: 'pending', message: 'no suitable node: 1 node is down' },
    });
    const p = summarizeService(svc, 'web_app', [running(1), pending], nodes);
    expect(p.converged).toBe(false);
    expect(p.tasks).toEqual([
      { name: 'web_app.2', state: 'pending', message: 'no suitable node: 1 node is down', err: '', node: '' },
    ]);
  });
  it('is not converged while a task being shut down still runs on a ready node', () => {
    const old = running(3, { desiredState: 'shutdown' });
    expect(summarizeService(svc, 'web_app', [running(1), running(2), old], nodes).converged).toBe(false);
  });
  it('reports a removed service as converged once its tasks ended', () => {
    const ended = makeTask({ serviceId: 's1', desiredState: 'shutdown', status: { state: 'shutdown' } });
    expect(summarizeService(undefined, 'web_app', [ended], nodes)).toMatchObject({ removed: true, converged: true });
    expect(summarizeService(undefined, 'web_app', [running(1)], nodes).converged).toBe(false);
  });
  it('is not converged while an update or a rollback is in progress, and carries its state and message', () => {
    const at = (state: string) =>
      makeService({ ...svc, updateStatus: { state, message: `${state} message`, startedAt: 1, completedAt: 0 } });
    for (const state of ['updating', 'rollback_started']) {
      expect(summarizeService(at(state), 'web_app', [running(1), running(2)], nodes)).toMatchObject({
        converged: false,
        updateState: state,
        updateMessage: `${state} message`,
      });
    }
    for (const state of ['completed', 'rollback_completed'])
      expect(summarizeService(at(state), 'web_app', [running(1), running(2)], nodes).converged).toBe(true);
    expect(summarizeService(svc, 'web_app', [running(1), running(2)], nodes)).toMatchObject({
      updateState: '',
      updateMessage: '',
    });
  });
  it('lists the first 20 tasks not running and counts the others; cuts long texts', () => {
    const many = makeService({ id: 's1', specVersion: 2, spec: { name: 'web_app', replicas: 25 } });
    const err = 'x'.repeat(5000);
    const pending = Array.from({ length: 25 }, (_, i) =>
      running(i + 1, { status: { state: 'pending', message: 'no suitable node', err } }),
    );
    const p = summarizeService(many, 'web_app', pending, nodes);
    expect(p.tasks.map((t) => t.name)).toEqual(
      Array.from({ length: MAX_PROGRESS_TASKS }, (_, i) => `web_app.${i + 1}`),
    );
    expect(p.tasksNotShown).toBe(5);
    expect(p.tasks[0]!.err).toHaveLength(1024);
  });
});

describe('planProgressMessages', () => {
  const svcs = (n: number) => Array.from({ length: n }, (_, i) => summarizeService(undefined, `s${i}`, [], nodes));
  /** Each message as its service count, "+" when it ends the batch and "c" when it says converged. */
  const plan = (n: number, converged: boolean, first: boolean) =>
    planProgressMessages(svcs(n), converged, first, () => 10, { maxBytes: 100, maxServices: 4 }).map(
      (m) => `${m.services.length}${m.batchEnd ? '+' : ''}${m.converged ? 'c' : ''}`,
    );
  it.each<[string, number, boolean, boolean, string[]]>([
    ['a batch within the budget is one message, ending the batch', 3, true, false, ['3+c']],
    ['a larger batch is cut; only its last message ends it and says converged', 9, true, false, ['4', '4', '1+c']],
    ['not converged is said at the end too', 5, false, true, ['4', '1+']],
    ['a first batch with no service is still one message', 0, true, true, ['0+c']],
    ['a later batch with no change is no message', 0, false, false, []],
  ])('%s', (_what, n, converged, first, want) => {
    expect(plan(n, converged, first)).toEqual(want);
  });
});
