import { describe, expect, it } from 'vitest';
import { describeError } from '../../../cli/report-error';
import { InvalidSpecError, NotFoundError, UnavailableError } from '../../../proto/errors';

describe('describeError', () => {
  const spec = new InvalidSpecError([
    { file: 'stack.yml', line: 4, column: 7, path: 'services.web.deploy.replicas', message: 'must be an integer' },
    { path: 'services.db.image', message: 'is required' },
  ]);

  it.each([
    [
      'one line per spec issue, with file:line:column',
      spec,
      ['stack.yml:4:7: services.web.deploy.replicas: must be an integer', 'services.db.image: is required'],
    ],
    [
      'an issue with a whole file as file: message',
      new InvalidSpecError([{ file: 'big.yml', path: '', message: 'stack file is larger than the limit of 1 MiB' }]),
      ['big.yml: stack file is larger than the limit of 1 MiB'],
    ],
    ['a typed error as one line', new NotFoundError('service', 'web'), ['error: service "web" not found']],
    [
      'an unreachable manager with its address',
      new UnavailableError('cannot reach the Shoal manager at 10.0.0.9:7420'),
      ['error: cannot reach the Shoal manager at 10.0.0.9:7420'],
    ],
    [
      'a raw gRPC error by its details',
      Object.assign(new Error('13 INTERNAL: boom'), { details: 'boom' }),
      ['error: boom'],
    ],
    ['a thrown non-error', 'oops', ['error: oops']],
  ])('prints %s', (_what, err, expected) => {
    expect(describeError(err, { debug: false })).toEqual(expected);
  });

  it('adds the stack trace only with --debug', () => {
    const err = new NotFoundError('node', 'n-1');
    const lines = describeError(err, { debug: true });
    expect(lines[0]).toBe('error: node "n-1" not found');
    expect(lines[1]).toMatch(/\n {4}at .*report-error\.test\.ts/);
  });
});
