import { describe, expect, it } from 'vitest';
import { summarizeProgress, summarizeService } from '../../../../manager/controlapi/progress';
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
  it('a snapshot converges only when every service does', () => {
    const a = summarizeService(svc, 'web_app', [running(1), running(2)], nodes);
    const b = summarizeService(svc, 'web_app', [running(1)], nodes);
    expect(summarizeProgress([a]).converged).toBe(true);
    expect(summarizeProgress([a, b]).converged).toBe(false);
  });
});
