import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRebalance } from '../../../../manager/orchestrator/rebalance';
import { reconcileService } from '../../../../manager/orchestrator/reconcile';
import type { UpdateSlot } from '../../../../manager/orchestrator/update';
import type { Node, Service } from '../../../../proto/types';
import { makeNode, makeService, makeTask } from '../../../fakes/builders';

const nodes: Node[] = ['a', 'b', 'c'].map((id) => makeNode({ id }));
const svc = (o: { rebalance?: boolean; requested?: boolean; replicas?: number } = {}): Service =>
  makeService({ id: 's', rebalanceRequested: o.requested ?? false, spec: { replicas: o.replicas ?? 6, rebalance: o.rebalance ?? true } });

/** Slots 1..n held by running tasks on the given nodes. */
function slots(on: string[], state = 'running'): UpdateSlot[] {
  return on.map((nodeId, i) => {
    const holder = makeTask({ id: `t${i + 1}`, serviceId: 's', slot: i + 1, nodeId, status: { state } });
    return { slot: i + 1, nodeId: '', tasks: [holder], holder, outgoing: null, moving: false };
  });
}

describe('planRebalance', () => {
  it.each([
    ['moves the highest slot of the fullest node to the emptiest', svc(), slots(['a', 'a', 'a', 'b', 'b', 'b']), { move: { slot: 6, taskId: 't6', fromNodeId: 'b', targetNodeId: 'c' } }],
    ['leaves even tasks alone', svc(), slots(['a', 'a', 'b', 'b', 'c', 'c']), {}],
    ['leaves a difference of one alone', svc({ replicas: 4 }), slots(['a', 'a', 'b', 'c']), {}],
    ['does nothing without the opt-in or a request', svc({ rebalance: false }), slots(['a', 'a', 'a', 'b', 'b', 'b']), {}],
    ['waits while a slot is starting', svc(), [...slots(['a', 'a', 'a', 'b', 'b']), ...slots(['b'], 'starting').map((s) => ({ ...s, slot: 6 }))], {}],
  ])('%s', (_name, service, settled, expected) => {
    expect(planRebalance({ service, slots: settled, nodes })).toEqual(expected);
  });

  it('clears a request once the tasks are even', () => {
    const service = svc({ rebalance: false, requested: true });
    expect(planRebalance({ service, slots: slots(['a', 'b', 'c']), nodes }).service?.rebalanceRequested).toBe(false);
  });

  it('neither counts nor moves tasks on a paused node', () => {
    const withPaused = [...nodes.slice(0, 2), makeNode({ id: 'c', availability: 'pause' })];
    expect(planRebalance({ service: svc(), slots: slots(['c', 'c', 'c', 'c', 'a', 'b']), nodes: withPaused })).toEqual({});
  });

  it('a step never lowers the running count below replicas and never increases max minus min', () => {
    const arb = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 12 });
    const all = ['a', 'b', 'c', 'd'].map((id) => makeNode({ id }));
    const spread = (on: string[]) => {
      const counts = all.map((n) => on.filter((x) => x === n.id).length);
      return Math.max(...counts) - Math.min(...counts);
    };
    fc.assert(
      fc.property(arb, (on) => {
        const service = svc({ replicas: on.length });
        // Start-first: the reconcile pass that starts a move shuts nothing down, so every running task keeps running.
        const pass = reconcileService({ service, tasks: slots(on).map((s) => s.holder!), nodes: all, now: 0 });
        expect(pass.shutdown).toEqual([]);
        expect(pass.create.length).toBeLessThanOrEqual(1);
        const step = planRebalance({ service, slots: slots(on), nodes: all });
        if (!step.move) return;
        const after = on.map((n, i) => (i + 1 === step.move!.slot ? step.move!.targetNodeId : n));
        expect(spread(after)).toBeLessThanOrEqual(spread(on));
        expect(spread(on)).toBeGreaterThan(1);
      }),
      { numRuns: 300 },
    );
  });
});
