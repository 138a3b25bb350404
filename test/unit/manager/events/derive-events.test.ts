import { describe, expect, it } from 'vitest';
import { deriveEvents, invalidObjectEvent } from '../../../../manager/events/derive-events';
import type { InvalidObject, ObjectChange } from '../../../../manager/state/cluster-state';
import type { Network, Stack } from '../../../../proto/types';
import { makeMeta, makeNetworkSpec, makeNode, makeService, makeTask } from '../../../fakes/builders';

const T = Date.UTC(2026, 10, 24, 8);
const hostnameOf = (id: string) => ({ n1: 'host1', n2: 'host2' })[id] ?? id;

const svc = makeService({
  id: 's1',
  spec: { name: 'web_app', stack: 'web', replicas: 2, container: { image: 'busybox:1' } },
});
const task = makeTask({
  id: 't1',
  serviceId: 's1',
  serviceName: 'web_app',
  slot: 2,
  nodeId: 'n1',
  status: { state: 'assigned' },
});
const node = makeNode({ id: 'n1', description: { hostname: 'host1', address: '10.0.0.1' } });
const net: Network = {
  id: 'w1',
  meta: makeMeta(),
  spec: makeNetworkSpec(),
  allocation: null,
};
const stack: Stack = { name: 'web', meta: makeMeta(), services: ['web_app'], networks: ['web_default'] };

const svcAttrs = { image: 'busybox:1', mode: 'replicated', replicas: '2', stack: 'web' };
const taskAttrs = {
  service: 'web_app',
  serviceId: 's1',
  slot: '2',
  node: 'host1',
  nodeId: 'n1',
  desiredState: 'running',
};
const nodeAttrs = { role: 'worker', address: '10.0.0.1', availability: 'active' };

/** [what, change, events as "type action name", attributes of the first event (if checked)] */
const cases: [string, ObjectChange, string[], Record<string, string>?][] = [
  ['a service created', { kind: 'services', id: 's1', after: svc }, ['service create web_app'], svcAttrs],
  ['a service removed', { kind: 'services', id: 's1', before: svc }, ['service remove web_app'], svcAttrs],
  [
    'a service scaled',
    { kind: 'services', id: 's1', before: svc, after: { ...svc, spec: { ...svc.spec, replicas: 3 } } },
    ['service update web_app'],
    { ...svcAttrs, replicas: '3', 'replicas.old': '2' },
  ],
  [
    'a service given a new image',
    {
      kind: 'services',
      id: 's1',
      before: svc,
      after: {
        ...svc,
        specVersion: 2,
        spec: { ...svc.spec, container: { ...svc.spec.container, image: 'busybox:2' } },
      },
    },
    ['service update web_app'],
    { ...svcAttrs, image: 'busybox:2', 'image.old': 'busybox:1' },
  ],
  [
    'a service update rolling out',
    {
      kind: 'services',
      id: 's1',
      before: svc,
      after: {
        ...svc,
        specVersion: 2,
        spec: { ...svc.spec, replicas: 3 },
        updateStatus: { state: 'updating', message: '', startedAt: T, completedAt: 0 },
      },
    },
    ['service update web_app'],
    { ...svcAttrs, replicas: '3', 'replicas.old': '2', 'updatestate.new': 'updating' },
  ],
  [
    'a service update completed',
    {
      kind: 'services',
      id: 's1',
      before: { ...svc, updateStatus: { state: 'updating', message: '', startedAt: T, completedAt: 0 } },
      after: { ...svc, updateStatus: { state: 'completed', message: '', startedAt: T, completedAt: T } },
    },
    ['service update web_app'],
    { ...svcAttrs, 'updatestate.new': 'completed', 'updatestate.old': 'updating' },
  ],
  [
    'a service given VIPs (no spec change)',
    {
      kind: 'services',
      id: 's1',
      before: svc,
      after: { ...svc, virtualIps: [{ networkId: 'w1', network: 'web_default', address: '10.0.0.2/24' }] },
    },
    [],
  ],
  ['a task created', { kind: 'tasks', id: 't1', after: task }, ['task create web_app.2'], { ...taskAttrs }],
  [
    'a task running',
    { kind: 'tasks', id: 't1', before: task, after: { ...task, status: { ...task.status, state: 'running' } } },
    ['task running web_app.2'],
    taskAttrs,
  ],
  [
    'a task failed',
    {
      kind: 'tasks',
      id: 't1',
      before: task,
      after: { ...task, status: { ...task.status, state: 'failed', err: 'task: non-zero exit (3)', exitCode: 3 } },
    },
    ['task failed web_app.2'],
    { ...taskAttrs, error: 'task: non-zero exit (3)', exitCode: '3' },
  ],
  [
    'a task pending, with why',
    {
      kind: 'tasks',
      id: 't1',
      before: { ...task, nodeId: '', status: { ...task.status, state: 'new' } },
      after: { ...task, nodeId: '', status: { ...task.status, state: 'pending', message: 'no suitable node' } },
    },
    ['task pending web_app.2'],
    { service: 'web_app', serviceId: 's1', slot: '2', desiredState: 'running', message: 'no suitable node' },
  ],
  [
    'a task told to shut down',
    { kind: 'tasks', id: 't1', before: task, after: { ...task, desiredState: 'shutdown' } },
    ['task update web_app.2'],
    { ...taskAttrs, desiredState: 'shutdown', 'desiredState.old': 'running' },
  ],
  [
    'a task told to shut down that ended at once',
    {
      kind: 'tasks',
      id: 't1',
      before: task,
      after: { ...task, desiredState: 'shutdown', status: { ...task.status, state: 'shutdown' } },
    },
    ['task update web_app.2', 'task shutdown web_app.2'],
  ],
  [
    'a task report that changes no state',
    { kind: 'tasks', id: 't1', before: task, after: { ...task, status: { ...task.status, timestamp: 5 } } },
    [],
  ],
  ['a task deleted', { kind: 'tasks', id: 't1', before: task }, ['task remove web_app.2']],
  [
    'a global task, named by its node',
    { kind: 'tasks', id: 't9', after: { ...task, slot: 0 } },
    ['task create web_app.n1'],
    { service: 'web_app', serviceId: 's1', node: 'host1', nodeId: 'n1', desiredState: 'running' },
  ],
  ['a node registered', { kind: 'nodes', id: 'n1', after: node }, ['node create host1'], nodeAttrs],
  [
    'a node down',
    {
      kind: 'nodes',
      id: 'n1',
      before: node,
      after: { ...node, status: 'down', statusMessage: 'heartbeat missed for 3.2s' },
    },
    ['node down host1'],
    { ...nodeAttrs, message: 'heartbeat missed for 3.2s' },
  ],
  [
    'a node up again',
    { kind: 'nodes', id: 'n1', before: { ...node, status: 'down' }, after: node },
    ['node up host1'],
    nodeAttrs,
  ],
  [
    'a node drained',
    { kind: 'nodes', id: 'n1', before: node, after: { ...node, availability: 'drain' } },
    ['node update host1'],
    { ...nodeAttrs, availability: 'drain', 'availability.old': 'active' },
  ],
  [
    'a node seen again (no change shown)',
    { kind: 'nodes', id: 'n1', before: node, after: { ...node, lastSeen: 99 } },
    [],
  ],
  [
    'a network created',
    { kind: 'networks', id: 'w1', after: net },
    ['network create web_default'],
    { driver: 'overlay', stack: 'web' },
  ],
  [
    'a network allocated (no spec change)',
    {
      kind: 'networks',
      id: 'w1',
      before: net,
      after: { ...net, allocation: { vni: 4096, subnet: '10.0.1.0/24', gateway: '10.0.1.1' } },
    },
    [],
  ],
  [
    'a network removed',
    {
      kind: 'networks',
      id: 'w1',
      before: { ...net, allocation: { vni: 4096, subnet: '10.0.1.0/24', gateway: '10.0.1.1' } },
    },
    ['network remove web_default'],
    { driver: 'overlay', stack: 'web', subnet: '10.0.1.0/24' },
  ],
  [
    'a stack deployed',
    { kind: 'stacks', id: 'web', after: stack },
    ['stack create web'],
    { services: '1', networks: '1' },
  ],
  [
    'a stack given a service',
    { kind: 'stacks', id: 'web', before: stack, after: { ...stack, services: ['web_app', 'web_db'] } },
    ['stack update web'],
    { services: '2', networks: '1' },
  ],
  [
    'a stack rewritten as it was',
    { kind: 'stacks', id: 'web', before: stack, after: { ...stack, meta: makeMeta({ version: 9 }) } },
    [],
  ],
];

describe('deriveEvents', () => {
  it.each(cases)('%s', (_what, change, want, attributes) => {
    const events = deriveEvents(change, T, hostnameOf);
    expect(events.map((e) => `${e.type} ${e.action} ${e.name}`)).toEqual(want);
    for (const e of events) expect(e).toMatchObject({ time: T, id: change.id });
    if (attributes) expect(events[0]!.attributes).toEqual(attributes);
  });
});

describe('invalidObjectEvent', () => {
  const bad = (o: Partial<InvalidObject>): InvalidObject => ({
    kind: 'services',
    id: 'x1',
    version: 7,
    problems: ['spec: must be an object'],
    name: '',
    stack: '',
    serviceId: '',
    slot: 0,
    ...o,
  });
  it.each([
    [
      'a service known by name',
      bad({ name: 'web_app', stack: 'web' }),
      'service invalid web_app',
      {
        stack: 'web',
        error: 'spec: must be an object',
      },
    ],
    ['a service known only by id', bad({}), 'service invalid x1', { error: 'spec: must be an object' }],
    [
      'a task, under its service',
      bad({ kind: 'tasks', name: 'web_app', serviceId: 's1', slot: 2, problems: ['a', 'b'] }),
      'task invalid web_app.2',
      { service: 'web_app', serviceId: 's1', error: 'a; b' },
    ],
    ['a node', bad({ kind: 'nodes', name: 'host1' }), 'node invalid host1', { error: 'spec: must be an object' }],
  ] as [string, InvalidObject, string, Record<string, string>][])('%s', (_, b, want, attributes) => {
    const e = invalidObjectEvent(b, T);
    expect(`${e.type} ${e.action} ${e.name}`).toBe(want);
    expect(e).toMatchObject({ time: T, id: 'x1', attributes });
  });
});
