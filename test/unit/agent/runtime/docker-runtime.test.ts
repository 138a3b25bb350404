import { describe, expect, it } from 'vitest';
import { healthFromStatus, parseEvent, toDockerConnection } from '../../../../agent/runtime/docker-runtime';

describe('healthFromStatus', () => {
  it.each([
    ['Up 3 seconds', 'none'],
    ['Up 3 seconds (health: starting)', 'starting'],
    ['Up 2 minutes (healthy)', 'healthy'],
    ['Up 2 minutes (unhealthy)', 'unhealthy'],
    ['Exited (0) 5 seconds ago', 'none'],
  ])('%s → %s', (status, want) => {
    expect(healthFromStatus(status)).toBe(want);
  });
});

describe('parseEvent', () => {
  const line = (o: object) => JSON.stringify(o);
  it.each([
    {
      name: 'a die with its exit code and task',
      line: line({
        Type: 'container',
        Action: 'die',
        Actor: { ID: 'abc', Attributes: { exitCode: '137', 'shoal.task': 't1' } },
        time: 1700000000,
      }),
      want: { event: { action: 'die', containerId: 'abc', taskId: 't1', exitCode: 137 }, time: 1700000000 },
    },
    {
      name: 'a health transition',
      line: line({
        Type: 'container',
        Action: 'health_status: healthy',
        Actor: { ID: 'abc', Attributes: { 'shoal.task': 't1' } },
        time: 5,
      }),
      want: { event: { action: 'health_status: healthy', containerId: 'abc', taskId: 't1' }, time: 5 },
    },
    {
      name: 'a container that is not Shoal’s',
      line: line({ Type: 'container', Action: 'start', Actor: { ID: 'x', Attributes: {} }, time: 1 }),
      want: { event: { action: 'start', containerId: 'x', taskId: '' }, time: 1 },
    },
    {
      name: 'an image event is not a container event',
      line: line({ Type: 'image', Action: 'pull', Actor: { ID: 'busybox' } }),
      want: undefined,
    },
    { name: 'a line that is not JSON', line: 'garbage', want: undefined },
  ])('$name', ({ line: l, want }) => {
    expect(parseEvent(l)).toStrictEqual(want);
  });
});

describe('toDockerConnection', () => {
  it.each([
    ['unix:///var/run/docker.sock', { socketPath: '/var/run/docker.sock' }],
    ['tcp://127.0.0.1:2375', { host: '127.0.0.1', port: 2375, protocol: 'http' }],
  ])('%s', (host, want) => {
    expect(toDockerConnection(host)).toEqual(want);
  });
  it.each(['/var/run/docker.sock', 'http://x:1', 'tcp://host', 'unix://relative'])('rejects %s', (host) => {
    expect(() => toDockerConnection(host)).toThrow(/--docker-host: want unix:\/\/\/path or tcp:\/\/host:port/);
  });
});
