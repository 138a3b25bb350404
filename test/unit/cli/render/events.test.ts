import { describe, expect, it } from 'vitest';
import { renderEvent, toEventJson } from '../../../../cli/render/events';
import type { ClusterEvent } from '../../../../domain/event-filter';

const T = Date.UTC(2026, 10, 24, 8);
const event = (o: Partial<ClusterEvent>): ClusterEvent => ({
  time: T,
  type: 'service',
  action: 'update',
  id: 's1',
  name: 'web',
  attributes: {},
  ...o,
});

describe('renderEvent', () => {
  it.each([
    [
      'attributes in parentheses',
      event({ attributes: { replicas: '3' } }),
      '2026-11-24T08:00:00.000Z service update web (replicas=3)',
    ],
    [
      'attributes sorted by key',
      event({
        type: 'task',
        action: 'running',
        name: 'web.1',
        attributes: { slot: '1', node: 'host1', service: 'web' },
      }),
      '2026-11-24T08:00:00.000Z task running web.1 (node=host1, service=web, slot=1)',
    ],
    ['no attributes', event({ type: 'stack', action: 'remove' }), '2026-11-24T08:00:00.000Z stack remove web'],
  ])('%s', (_what, e, want) => {
    expect(renderEvent(e)).toBe(want);
  });
});

describe('toEventJson', () => {
  it('has the documented keys, time in Unix ms', () => {
    expect(JSON.stringify(toEventJson(event({ attributes: { replicas: '3', image: 'busybox' } })))).toBe(
      `{"time":${T},"type":"service","action":"update","id":"s1","name":"web",` +
        '"attributes":{"image":"busybox","replicas":"3"}}',
    );
  });
});
