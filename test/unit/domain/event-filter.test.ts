import { describe, expect, it } from 'vitest';
import { matchesEvent, parseEventFilters, type ClusterEvent } from '../../../domain/event-filter';
import { InvalidArgumentError } from '../../../proto/errors';

const event = (o: Partial<ClusterEvent>): ClusterEvent => ({
  time: 0,
  type: 'service',
  action: 'create',
  id: 's1',
  name: 'web_app',
  attributes: {},
  ...o,
});
const serviceCreated = event({});
const taskRunning = event({
  type: 'task',
  action: 'running',
  id: 't1',
  name: 'web_app.1',
  attributes: { service: 'web_app', serviceId: 's1', node: 'host1', nodeId: 'n1' },
});
const nodeDown = event({ type: 'node', action: 'down', id: 'n1', name: 'host1' });

describe('parseEventFilters', () => {
  it('groups values by key', () => {
    expect(parseEventFilters(['type=service', 'type=task', 'event=create'])).toEqual(
      new Map([
        ['type', ['service', 'task']],
        ['event', ['create']],
      ]),
    );
  });

  it.each([
    ['type', /invalid --filter "type": expected KEY=VALUE/],
    ['=service', /expected KEY=VALUE/],
    ['type=', /expected KEY=VALUE/],
    ['colour=red', /unknown key "colour"; use one of type, event, name, id, service, node/],
    ['type=container', /type must be one of service, task, node, network, stack/],
  ])('rejects %j', (arg, message) => {
    expect(() => parseEventFilters([arg])).toThrow(InvalidArgumentError);
    expect(() => parseEventFilters([arg])).toThrow(message);
  });
});

describe('matchesEvent', () => {
  it.each([
    ['no filter', [], [true, true, true]],
    ['one type', ['type=task'], [false, true, false]],
    ['either type', ['type=task', 'type=node'], [false, true, true]],
    ['type and action', ['type=service', 'event=create'], [true, false, false]],
    ['a service and its tasks', ['service=web_app'], [true, true, false]],
    ['a node and the tasks on it', ['node=host1'], [false, true, true]],
    ['a service and its tasks, by id', ['service=s1'], [true, true, false]],
    ['a node and the tasks on it, by id', ['node=n1'], [false, true, true]],
    ['a name', ['name=web_app.1'], [false, true, false]],
    ['an id', ['id=n1'], [false, false, true]],
  ])('%s', (_what, filters, want) => {
    const f = parseEventFilters(filters);
    expect([serviceCreated, taskRunning, nodeDown].map((e) => matchesEvent(e, f))).toEqual(want);
  });
});
