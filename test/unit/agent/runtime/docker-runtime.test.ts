import { describe, expect, it } from 'vitest';
import { EngineServerError } from '../../../../agent/runtime/container-runtime';
import {
  healthFromStatus,
  imagePathSegment,
  parseEvent,
  toDockerConnection,
  toRuntimeError,
} from '../../../../agent/runtime/docker-runtime';
import {
  ConflictError,
  FailedPreconditionError,
  InvalidArgumentError,
  UnavailableError,
  isTransient,
} from '../../../../proto/errors';

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

describe('toRuntimeError', () => {
  /** An error as dockerode makes it for an engine's answer. */
  const answer = (statusCode: number, message: string, json: { message?: string } | null = { message }) =>
    Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json });
  /** An error as Node makes it before or instead of an answer. */
  const node = (code: string, message: string) => Object.assign(new Error(message), { code });

  it.each([
    ['no engine at the socket', node('ENOENT', 'connect ENOENT /run/docker.sock'), UnavailableError, true],
    ['the engine went away', node('ECONNRESET', 'socket hang up'), UnavailableError, true],
    [
      'a NUL byte Node will not send',
      node('ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters'),
      InvalidArgumentError,
      false,
    ],
    ['HTTP 400, message in the JSON body', answer(400, 'invalid reference format'), InvalidArgumentError, false],
    [
      'HTTP 400, message in the text only (a pull)',
      answer(400, 'invalid tag format', null),
      InvalidArgumentError,
      false,
    ],
    ['HTTP 404', answer(404, 'No such image: web:2'), FailedPreconditionError, false],
    ['HTTP 409', answer(409, 'Conflict. The container name "/x" is already in use'), ConflictError, true],
    ['HTTP 500', answer(500, 'Get "https://registry-1.docker.io/v2/": no such host'), EngineServerError, false],
    ['HTTP 503', answer(503, 'containerd is not running'), EngineServerError, false],
  ])('%s', (_what, err, type, transient) => {
    const e = toRuntimeError(err);
    expect(e).toBeInstanceOf(type);
    expect(isTransient(e)).toBe(transient);
  });

  it("keeps the engine's own words and a 5xx's status", () => {
    const e = toRuntimeError(answer(500, 'Get "https://registry-1.docker.io/v2/": no such host'));
    expect(e).toMatchObject({ message: 'Get "https://registry-1.docker.io/v2/": no such host', status: 500 });
    expect(toRuntimeError(answer(400, 'invalid tag format', null)).message).toBe('invalid tag format');
  });
});

describe('imagePathSegment', () => {
  it.each([
    ['busybox:latest', 'busybox:latest'],
    ['registry.example.com:5000/team/app@sha256:0123abcd', 'registry.example.com:5000/team/app@sha256:0123abcd'],
    ['UPPER/case_ok-1.2:Tag', 'UPPER/case_ok-1.2:Tag'],
    ['busybox:la\0test', 'busybox:la%00test'],
    ['a b?c#d%', 'a%20b%3Fc%23d%25'],
    ['café', 'caf%C3%A9'],
  ])('%j → %s', (ref, want) => {
    expect(imagePathSegment(ref)).toBe(want);
  });
});
