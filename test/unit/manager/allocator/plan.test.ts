import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSubnet } from '../../../../manager/allocator/ipam';
import { AddressBook } from '../../../../manager/allocator/address-book';
import {
  hasNetworkAddresses,
  planAllocations as planWithBook,
  type AllocationPlan,
} from '../../../../manager/allocator/plan';
import type { Network, Service, Task } from '../../../../proto/types';
import { makeService, makeTask, makeNetwork } from '../../../fakes/builders';
import { allocatedNetwork, attach } from './fixtures';

const POOL = parseSubnet('10.0.0.0/12');

/** A state as the tests write it: every task listed; what they hold is indexed as the loop's book would. */
type AllocationInput = Omit<Parameters<typeof planWithBook>[0], 'held'>;

function planAllocations(input: AllocationInput): AllocationPlan {
  return planWithBook({ ...input, held: AddressBook.of(input.tasks) });
}

function plan(o: Partial<AllocationInput>): AllocationPlan {
  return planAllocations({ networks: [], services: [], tasks: [], defaultPool: POOL, ...o });
}

/** The input with the plan's allocations written into its objects, as the loop commits them. */
function apply(input: AllocationInput, p: AllocationPlan): AllocationInput {
  const nets = new Map(p.networks.map((n) => [n.id, n.allocation]));
  const vips = new Map(p.services.map((s) => [s.id, s.virtualIps]));
  const addrs = new Map(p.tasks.map((t) => [t.id, t.addresses]));
  return {
    ...input,
    networks: input.networks.map((n) => (nets.has(n.id) ? { ...n, allocation: nets.get(n.id)! } : n)),
    services: input.services.map((s) => (vips.has(s.id) ? { ...s, virtualIps: vips.get(s.id)! } : s)),
    tasks: input.tasks.map((t) => (addrs.has(t.id) ? { ...t, addresses: addrs.get(t.id)! } : t)),
  };
}

const front = allocatedNetwork('n-front', 'web_front', 4096, '10.0.0.0/24');
const back = allocatedNetwork('n-back', 'web_back', 4097, '10.0.1.0/24');
const on = (...names: string[]) => ({ networks: attach(...names) });
const addr = (n: Network, ip: string) => ({ networkId: n.id, network: n.spec.name, address: `${ip}/24` });

describe('planAllocations: networks', () => {
  it.each([
    [
      'a network from the pool gets the first /24, the first VNI and .1 as gateway',
      [makeNetwork({ id: 'a' })],
      [{ id: 'a', allocation: { vni: 4096, subnet: '10.0.0.0/24', gateway: '10.0.0.1' } }],
    ],
    [
      'two networks get distinct subnets and VNIs, in id order',
      [makeNetwork({ id: 'b', spec: { name: 'x_b' } }), makeNetwork({ id: 'a', spec: { name: 'x_a' } })],
      [
        { id: 'a', allocation: { vni: 4096, subnet: '10.0.0.0/24', gateway: '10.0.0.1' } },
        { id: 'b', allocation: { vni: 4097, subnet: '10.0.1.0/24', gateway: '10.0.1.1' } },
      ],
    ],
    [
      'an asked-for subnet is honoured, and the pool skips it',
      [
        makeNetwork({ id: 'a', spec: { name: 'x_a' } }),
        makeNetwork({ id: 'b', spec: { name: 'x_b', ipam: [{ subnet: '10.0.0.0/23', gateway: '', ipRange: '' }] } }),
      ],
      [
        { id: 'b', allocation: { vni: 4096, subnet: '10.0.0.0/23', gateway: '10.0.0.1' } },
        { id: 'a', allocation: { vni: 4097, subnet: '10.0.2.0/24', gateway: '10.0.2.1' } },
      ],
    ],
    [
      'allocated networks keep theirs; a new one gets the lowest free VNI and subnet',
      [front, back, makeNetwork({ id: 'c', spec: { name: 'x_c' } })],
      [{ id: 'c', allocation: { vni: 4098, subnet: '10.0.2.0/24', gateway: '10.0.2.1' } }],
    ],
    ['nothing to do once everything is allocated', [front, back], []],
  ])('%s', (_what, networks, want) => {
    expect(plan({ networks }).networks).toEqual(want);
  });

  it.each([
    [
      'overlaps an allocated network',
      [
        front,
        makeNetwork({ id: 'c', spec: { name: 'x_c', ipam: [{ subnet: '10.0.0.0/16', gateway: '', ipRange: '' }] } }),
      ],
      /10\.0\.0\.0\/16 overlaps 10\.0\.0\.0\/24 of network web_front/,
    ],
    [
      'is not a CIDR',
      [makeNetwork({ id: 'c', spec: { name: 'x_c', ipam: [{ subnet: '10.0.0.0', gateway: '', ipRange: '' }] } })],
      /not an IPv4 CIDR/,
    ],
  ])('leaves a network whose asked-for subnet %s unallocated, and says why', (_what, networks, message) => {
    const p = plan({ networks });
    expect(p.networks).toEqual([]);
    expect(p.problems).toEqual([{ kind: 'networks', id: 'c', message: expect.stringMatching(message) }]);
  });

  it('reports an exhausted pool', () => {
    const p = planAllocations({
      networks: [front, makeNetwork({ id: 'c' })],
      services: [],
      tasks: [],
      defaultPool: parseSubnet('10.0.0.0/24'),
    });
    expect(p.problems).toEqual([
      { kind: 'networks', id: 'c', message: 'the default address pool 10.0.0.0/24 is exhausted' },
    ]);
  });
});

describe('planAllocations: VIPs and task addresses', () => {
  it.each<[string, Service[], Task[], AllocationPlan['services'], AllocationPlan['tasks']]>([
    [
      'a vip service gets a VIP on each network, then its task an address on each, lowest free',
      [makeService({ id: 's1', spec: on('web_front', 'web_back') })],
      [makeTask({ id: 't1', serviceId: 's1', spec: on('web_front', 'web_back') })],
      [{ id: 's1', virtualIps: [addr(front, '10.0.0.2'), addr(back, '10.0.1.2')] }],
      [{ id: 't1', addresses: [addr(front, '10.0.0.3'), addr(back, '10.0.1.3')] }],
    ],
    [
      'a dnsrr service gets no VIP',
      [makeService({ id: 's1', spec: { ...on('web_front'), endpoint: { mode: 'dnsrr', ports: [] } } })],
      [makeTask({ id: 't1', serviceId: 's1', spec: on('web_front') })],
      [],
      [{ id: 't1', addresses: [addr(front, '10.0.0.2')] }],
    ],
    [
      'a VIP is kept when the spec gains a network, and one is added for the new network',
      [makeService({ id: 's1', spec: on('web_front', 'web_back'), virtualIps: [addr(front, '10.0.0.9')] })],
      [],
      [{ id: 's1', virtualIps: [addr(front, '10.0.0.9'), addr(back, '10.0.1.2')] }],
      [],
    ],
    [
      'a VIP is released when the spec leaves the network',
      [makeService({ id: 's1', spec: on('web_back'), virtualIps: [addr(front, '10.0.0.2'), addr(back, '10.0.1.2')] })],
      [],
      [{ id: 's1', virtualIps: [addr(back, '10.0.1.2')] }],
      [],
    ],
    [
      'a task never gets an address held by a VIP or by a task that has not ended',
      [makeService({ id: 's1', spec: on('web_front'), virtualIps: [addr(front, '10.0.0.2')] })],
      [
        makeTask({
          id: 't1',
          serviceId: 's1',
          spec: on('web_front'),
          addresses: [addr(front, '10.0.0.3')],
          desiredState: 'shutdown',
          status: { state: 'running' },
        }),
        makeTask({ id: 't2', serviceId: 's1', spec: on('web_front') }),
      ],
      [],
      [{ id: 't2', addresses: [addr(front, '10.0.0.4')] }],
    ],
    [
      "an ended task's address is free again",
      [makeService({ id: 's1', spec: on('web_front'), virtualIps: [addr(front, '10.0.0.2')] })],
      [
        makeTask({
          id: 't1',
          serviceId: 's1',
          spec: on('web_front'),
          addresses: [addr(front, '10.0.0.3')],
          status: { state: 'failed' },
        }),
        makeTask({ id: 't2', serviceId: 's1', spec: on('web_front') }),
      ],
      [],
      [{ id: 't2', addresses: [addr(front, '10.0.0.3')] }],
    ],
    [
      'tasks wanted shut down, ended, or already addressed get nothing',
      [],
      [
        makeTask({ id: 't1', spec: on('web_front'), desiredState: 'shutdown' }),
        makeTask({ id: 't2', spec: on('web_front'), status: { state: 'rejected' } }),
        makeTask({ id: 't3', spec: on('web_front'), addresses: [addr(front, '10.0.0.7')] }),
      ],
      [],
      [],
    ],
  ])('%s', (_what, services, tasks, wantServices, wantTasks) => {
    const p = plan({ networks: [front, back], services, tasks });
    expect(p.services).toEqual(wantServices);
    expect(p.tasks).toEqual(wantTasks);
  });

  it('leaves a task on a network not yet allocated waiting, and says which', () => {
    const p = plan({
      networks: [
        front,
        makeNetwork({
          id: 'n-new',
          spec: { name: 'web_new', ipam: [{ subnet: '10.0.0.0/16', gateway: '', ipRange: '' }] },
        }),
      ],
      tasks: [makeTask({ id: 't1', spec: on('web_front', 'web_new') })],
    });
    expect(p.tasks).toEqual([]);
    expect(p.problems).toContainEqual({
      kind: 'tasks',
      id: 't1',
      message: 'waiting for network addresses: network web_new is not allocated',
    });
  });

  it('gives a task all of its addresses or none when a network is full', () => {
    const tiny = allocatedNetwork('n-tiny', 'web_tiny', 4098, '10.9.0.0/29'); // .2 to .6 usable
    const full = [2, 3, 4, 5, 6].map((i) =>
      makeTask({ id: `full-${i}`, spec: on('web_tiny'), addresses: [addr(tiny, `10.9.0.${i}`)] }),
    );
    const p = plan({
      networks: [front, tiny],
      tasks: [
        ...full,
        makeTask({ id: 't1', spec: on('web_front', 'web_tiny') }),
        makeTask({ id: 't2', spec: on('web_front') }),
      ],
    });
    expect(p.tasks).toEqual([{ id: 't2', addresses: [addr(front, '10.0.0.2')] }]);
    expect(p.problems).toContainEqual({
      kind: 'tasks',
      id: 't1',
      message: 'waiting for network addresses: no free address on network web_front, web_tiny',
    });
  });
});

describe('hasNetworkAddresses', () => {
  it.each([
    ['no networks', makeTask({ spec: on() }), true],
    [
      'an address on each network',
      makeTask({ spec: on('web_front', 'web_back'), addresses: [addr(front, '10.0.0.3'), addr(back, '10.0.1.3')] }),
      true,
    ],
    [
      'one network without an address',
      makeTask({ spec: on('web_front', 'web_back'), addresses: [addr(front, '10.0.0.3')] }),
      false,
    ],
  ])('%s: %s', (_what, task, want) => {
    expect(hasNetworkAddresses(task)).toBe(want);
  });
});

// ---------------------------------------------------------------- properties

type Step =
  | { op: 'add'; service: number }
  | { op: 'end'; pick: number }
  | { op: 'delete'; pick: number }
  | { op: 'shutdown'; pick: number };

const NETS = ['p_a', 'p_b', 'p_c'];
const servicesArb = fc.array(fc.record({ nets: fc.subarray(NETS, { minLength: 1 }), vip: fc.boolean() }), {
  minLength: 1,
  maxLength: 4,
});
const stepsArb = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('add' as const), service: fc.nat() }),
    fc.record({ op: fc.constant('end' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('shutdown' as const), pick: fc.nat() }),
  ),
  { maxLength: 60 },
);

/** Runs the steps, allocating after each, as the loop would; checks `each` after every allocation. */
function simulate(
  shapes: { nets: string[]; vip: boolean }[],
  steps: Step[],
  each: (state: AllocationInput, p: AllocationPlan) => void,
): void {
  const services = shapes.map((sh, i) =>
    makeService({
      id: `s${i}`,
      spec: { name: `p_s${i}`, networks: attach(...sh.nets), endpoint: { mode: sh.vip ? 'vip' : 'dnsrr', ports: [] } },
    }),
  );
  let state: AllocationInput = {
    networks: NETS.map((name, i) => makeNetwork({ id: `n${i}`, spec: { name } })),
    services,
    tasks: [],
    defaultPool: POOL,
  };
  let n = 0;
  const run = () => {
    const p = planAllocations(state);
    state = apply(state, p);
    each(state, p);
  };
  run();
  for (const step of steps) {
    const tasks = [...state.tasks];
    if (step.op === 'add') {
      const s = services[step.service % services.length]!;
      tasks.push(
        makeTask({ id: `t${String(n++).padStart(3, '0')}`, serviceId: s.id, spec: { networks: s.spec.networks } }),
      );
    } else if (tasks.length) {
      const i = step.pick % tasks.length;
      const t = tasks[i]!;
      if (step.op === 'delete') tasks.splice(i, 1);
      else if (step.op === 'end') tasks[i] = { ...t, status: { ...t.status, state: 'complete' } };
      else tasks[i] = { ...t, desiredState: 'shutdown' };
    }
    state = { ...state, tasks };
    run();
  }
}

describe('planAllocations properties', () => {
  it(
    'no two holders (VIPs, tasks not ended) share an address on a network; none is the gateway; ' +
      'all are in the subnet',
    () => {
      fc.assert(
        fc.property(servicesArb, stepsArb, (shapes, steps) => {
          simulate(shapes, steps, (state) => {
            const subnets = new Map(state.networks.map((n) => [n.id, n.allocation!]));
            const seen = new Set<string>();
            const holders = [
              ...state.services.flatMap((s) => s.virtualIps),
              ...state.tasks.filter((t) => t.status.state !== 'complete').flatMap((t) => t.addresses),
            ];
            for (const a of holders) {
              const alloc = subnets.get(a.networkId)!;
              const ip = a.address.split('/')[0]!;
              expect(ip).not.toBe(alloc.gateway);
              expect(ip.startsWith(alloc.subnet.split('.').slice(0, 3).join('.') + '.')).toBe(true);
              const key = `${a.networkId} ${ip}`;
              expect(seen.has(key)).toBe(false);
              seen.add(key);
            }
            for (const t of state.tasks)
              if (t.desiredState === 'running' && t.status.state !== 'complete')
                expect(hasNetworkAddresses(t)).toBe(true);
          });
        }),
      );
    },
  );

  it('survives a reload: the same state plans the same, and an allocated state plans nothing', () => {
    fc.assert(
      fc.property(servicesArb, stepsArb, (shapes, steps) => {
        simulate(shapes, steps, (state) => {
          const again = planAllocations(structuredClone(state));
          expect(again).toEqual({ networks: [], services: [], tasks: [], problems: [] });
        });
      }),
    );
  });

  it('plans the same from the same input, whatever the order of the lists', () => {
    fc.assert(
      fc.property(servicesArb, fc.array(fc.nat({ max: 3 }), { maxLength: 20 }), fc.nat(), (shapes, adds, seed) => {
        const services = shapes.map((sh, i) => makeService({ id: `s${i}`, spec: { networks: attach(...sh.nets) } }));
        const tasks = adds.map((k, i) =>
          makeTask({
            id: `t${i}`,
            serviceId: `s${k % services.length}`,
            spec: { networks: services[k % services.length]!.spec.networks },
          }),
        );
        const input: AllocationInput = {
          networks: NETS.map((name, i) => makeNetwork({ id: `n${i}`, spec: { name } })),
          services,
          tasks,
          defaultPool: POOL,
        };
        const shuffled = {
          ...input,
          networks: rotate(input.networks, seed),
          services: rotate(services, seed),
          tasks: rotate(tasks, seed),
        };
        expect(planAllocations(shuffled)).toEqual(planAllocations(input));
      }),
    );
  });
});

function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)].reverse();
}
