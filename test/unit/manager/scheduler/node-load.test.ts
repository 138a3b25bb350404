import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeLoadIndex } from '../../../../manager/scheduler/node-load';
import type { Task } from '../../../../proto/types';
import { makeTask } from '../../../fakes/builders';

const GIB = 2 ** 30;

const taskArb = (id: string) =>
  fc
    .record({
      nodeId: fc.constantFrom('', 'a', 'b'),
      serviceId: fc.constantFrom('s1', 's2'),
      desiredState: fc.constantFrom('running', 'shutdown'),
      state: fc.constantFrom('pending', 'assigned', 'running', 'failed'),
      cpus: fc.nat({ max: 4 }),
      memory: fc.nat({ max: 4 }),
    })
    .map((o) =>
      makeTask({
        id,
        nodeId: o.nodeId,
        serviceId: o.serviceId,
        desiredState: o.desiredState,
        status: { state: o.state },
        spec: { resources: { reservations: { nanoCpus: o.cpus * 1e9, memoryBytes: o.memory * GIB } } },
      }),
    );

/** Each step puts a new value for one of a few task ids, or (one in four) deletes it. */
type Step = { id: string; task: Task | undefined };
const stepsArb = fc.array(
  fc
    .tuple(fc.nat({ max: 4 }), fc.nat({ max: 3 }))
    .chain(([i, d]): fc.Arbitrary<Step> =>
      d === 0 ? fc.constant({ id: `t${i}`, task: undefined }) : taskArb(`t${i}`).map((task) => ({ id: `t${i}`, task })),
    ),
  { maxLength: 40 },
);

describe('NodeLoadIndex', () => {
  it('kept current change by change, equals the load counted from the tasks there are', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const index = new NodeLoadIndex();
        const tasks = new Map<string, Task>();
        for (const { id, task } of steps) {
          const old = tasks.get(id);
          if (old) index.remove(old);
          if (task) {
            index.add(task);
            tasks.set(id, task);
          } else tasks.delete(id);
        }
        const fresh = NodeLoadIndex.of([...tasks.values()]);
        for (const node of ['', 'a', 'b']) expect(index.of(node)).toEqual(fresh.of(node));
      }),
    );
  });

  it.each([
    [
      'a live task counts on its node',
      { nodeId: 'a' },
      { nanoCpus: 1e9, memoryBytes: GIB, tasks: 1, perService: new Map([['s1', 1]]) },
    ],
    ['a task on no node counts nowhere', { nodeId: '' }, undefined],
    ['a task wanted shut down does not count', { nodeId: 'a', desiredState: 'shutdown' }, undefined],
    ['an ended task does not count', { nodeId: 'a', status: { state: 'failed' } }, undefined],
  ] as const)('%s', (_what, o, want) => {
    const t = makeTask({
      serviceId: 's1',
      spec: { resources: { reservations: { nanoCpus: 1e9, memoryBytes: GIB } } },
      ...(o as object),
    });
    expect(NodeLoadIndex.of([t]).of('a')).toEqual(want);
  });
});
