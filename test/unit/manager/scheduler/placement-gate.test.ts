import { describe, expect, it } from 'vitest';
import { NodeLoadIndex } from '../../../../manager/scheduler/node-load';
import { planPlacements } from '../../../../manager/scheduler/placement';
import { makeNode, makeTask } from '../../../fakes/builders';
import { attach } from '../allocator/fixtures';

describe('placement waits for network addresses', () => {
  const node = makeNode({ id: 'node-1' });
  const addressed = makeTask({
    id: 't-ok',
    spec: { networks: attach('web_default') },
    addresses: [{ networkId: 'n1', network: 'web_default', address: '10.0.0.3/24' }],
  });
  const waiting = makeTask({
    id: 't-wait',
    spec: { networks: attach('web_default', 'web_back') },
    addresses: [{ networkId: 'n1', network: 'web_default', address: '10.0.0.4/24' }],
  });
  const networkless = makeTask({ id: 't-none', spec: { networks: [] } });

  it('places tasks with an address on every network (or none to have), and leaves the rest to the allocator', () => {
    const plan = planPlacements({
      nodes: [node],
      tasks: [addressed, waiting, networkless],
      load: NodeLoadIndex.of([]),
      now: 0,
    });
    expect(plan.placed.map((p) => p.taskId).sort()).toEqual(['t-none', 't-ok']);
    expect(plan.unplaced).toEqual([]);
  });
});
