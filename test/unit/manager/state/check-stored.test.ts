import { describe, expect, it } from 'vitest';
import { checkStored, namesOf } from '../../../../manager/state/check-stored';
import { UnreadableValue, type Kind } from '../../../../manager/store/store';
import { storedSpecProblems } from '../../../../manager/controlapi/stored-spec';
import { makeNetwork, makeNode, makeService, makeTask } from '../../../fakes/builders';

const svc = makeService({ id: 's1' });
const task = makeTask({ id: 't1' });
const node = makeNode({ id: 'n1' });
const net = makeNetwork({ id: 'net1' });
const stack = { name: 'app', meta: null, services: ['app_web'], networks: [] };

describe('checkStored', () => {
  it.each([
    ['a valid service', 'services', 's1', svc, []],
    ['a valid task', 'tasks', 't1', task, []],
    ['a valid node', 'nodes', 'n1', node, []],
    ['a valid network', 'networks', 'net1', net, []],
    ['a valid stack', 'stacks', 'app', stack, []],
    [
      'a value that is not JSON',
      'services',
      's1',
      new UnreadableValue('value is not JSON (3 bytes)'),
      ['value is not JSON (3 bytes)'],
    ],
    ['a number', 'services', 's1', 42, ['value: must be an object']],
    ['a list', 'tasks', 't1', [task], ['value: must be an object']],
    ['null', 'nodes', 'n1', null, ['value: must be an object']],
    ['a service without its spec', 'services', 's1', { ...svc, spec: undefined }, ['spec: must be an object']],
    [
      'replicas as text',
      'services',
      's1',
      { ...svc, spec: { ...svc.spec, replicas: '3' } },
      ['spec.replicas: must be a number'],
    ],
    [
      'a constraint that is not text',
      'services',
      's1',
      {
        ...svc,
        spec: { ...svc.spec, placement: { ...svc.spec.placement, constraints: [7] } },
      },
      ['spec.placement.constraints[0]: must be a string'],
    ],
    ['an id unlike its key', 'services', 's2', svc, ["id: does not match the key's id"]],
    ['a stack named unlike its key', 'stacks', 'other', stack, ["name: does not match the key's id"]],
    ['a task with garbage status', 'tasks', 't1', { ...task, status: 'ok' }, ['status: must be an object']],
    ['a task without its slot', 'tasks', 't1', { ...task, slot: null }, ['slot: must be a number']],
    [
      'a node without resources',
      'nodes',
      'n1',
      { ...node, description: { ...node.description, resources: null } },
      ['description.resources: must be an object'],
    ],
    [
      'a network allocation of the wrong shape',
      'networks',
      'net1',
      { ...net, allocation: { vni: 'x' } },
      [
        'allocation.vni: must be a number',
        'allocation.subnet: must be a string',
        'allocation.gateway: must be a string',
      ],
    ],
    ['an update status may be null', 'services', 's1', { ...svc, updateStatus: null }, []],
    [
      'at most five problems',
      'tasks',
      't1',
      {},
      [
        'id: must be a string',
        'serviceId: must be a string',
        'serviceName: must be a string',
        'slot: must be a number',
        'nodeId: must be a string',
      ],
    ],
  ] as [string, Kind, string, unknown, string[]][])('%s', (_, kind, id, value, want) => {
    expect(checkStored(kind, id, value, () => [])).toEqual(want);
  });

  it.each([
    [
      'a spec the Control API refuses',
      { ...svc.spec, mode: 'sideways' },
      ['spec.deploy.mode: must be one of replicated, global (got "sideways")'],
    ],
    [
      'a negative replica count',
      { ...svc.spec, replicas: -1 },
      ['spec.deploy.replicas: replicas must be a whole number >= 0 (got -1)'],
    ],
    ['a spec it accepts', svc.spec, []],
  ])('service spec: %s', (_, spec, want) => {
    expect(checkStored('services', 's1', { ...svc, spec }, storedSpecProblems)).toEqual(want);
  });

  it('never quotes a value in its problems', () => {
    const problems = checkStored('tasks', 't1', { ...task, status: 'hunter2-secret' }, () => []);
    expect(problems.join()).not.toContain('hunter2');
  });
});

describe('namesOf', () => {
  it.each([
    ['a service', 'services', svc, { name: 'web', stack: '', serviceId: '', slot: 0 }],
    ['a task', 'tasks', { ...task, slot: 4 }, { name: 'web', stack: '', serviceId: 'svc-1', slot: 4 }],
    ['a node', 'nodes', node, { name: node.description.hostname, stack: '', serviceId: '', slot: 0 }],
    ['garbage', 'tasks', 'garbage', { name: '', stack: '', serviceId: '', slot: 0 }],
    ['names of the wrong type', 'tasks', { serviceName: 3, slot: -1 }, { name: '', stack: '', serviceId: '', slot: 0 }],
  ] as [string, Kind, unknown, unknown][])('%s', (_, kind, value, want) => {
    expect(namesOf(kind, value)).toEqual(want);
  });
});
