import { describe, expect, it } from 'vitest';
import {
  parseAvailability,
  parseDuration,
  parseEnvAdd,
  parseImage,
  parseLabelAdd,
  parseLabelRm,
  parseReplicas,
  parseScaleSpec,
  parseTail,
  parseTime,
} from '../../../../cli/commands/parse-args';
import { InvalidArgumentError } from '../../../../proto/errors';

describe('parseDuration', () => {
  it.each([
    ['2m', 120_000],
    ['90s', 90_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['1h', 3_600_000],
    ['0', 0],
  ])('%j is %i ms', (text, ms) => {
    expect(parseDuration(text, '--timeout')).toBe(ms);
  });

  it.each([
    ['abc', /invalid --timeout "abc": expected a duration/],
    ['10', /invalid --timeout "10": missing unit in "10"/],
    ['5x', /invalid --timeout "5x"/],
    ['', /invalid --timeout "": expected a duration/],
    ['1m 30s', /invalid --timeout "1m 30s"/],
  ])('rejects %j naming the option and value', (text, message) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(InvalidArgumentError);
    expect(() => parseDuration(text, '--timeout')).toThrow(message);
  });
});

describe('parseScaleSpec', () => {
  it.each([
    ['web=3', { service: 'web', replicas: 3 }],
    ['web_app=0', { service: 'web_app', replicas: 0 }],
    ['stack_svc=12', { service: 'stack_svc', replicas: 12 }],
  ])('%j', (arg, expected) => {
    expect(parseScaleSpec(arg)).toEqual(expected);
  });

  it.each([
    ['web', /invalid scale argument "web": expected SERVICE=REPLICAS/],
    ['web=abc', /invalid scale argument "web=abc": replicas "abc" is not a non-negative integer/],
    ['web=-1', /replicas "-1" is not a non-negative integer/],
    ['web=1.5', /replicas "1.5" is not a non-negative integer/],
    ['web=', /replicas "" is not a non-negative integer/],
    ['=3', /missing service name/],
    ['web=99999999999', /invalid scale argument "web=99999999999": replicas 99999999999 is over the limit of 100000/],
    ['web=100001', /replicas 100001 is over the limit of 100000/],
  ])('rejects %j', (arg, message) => {
    expect(() => parseScaleSpec(arg)).toThrow(message);
  });
});

describe('label and availability arguments', () => {
  it.each([
    ['zone=a', 'zone=a'],
    ['ssd', 'ssd'],
    ['k=v=w', 'k=v=w'],
  ])('--label-add %j is sent as %j', (arg, expected) => {
    expect(parseLabelAdd(arg)).toBe(expected);
  });

  it.each([['=a'], ['']])('--label-add %j is rejected', (arg) => {
    expect(() => parseLabelAdd(arg)).toThrow(/invalid --label-add/);
  });

  it.each([['zone=a'], ['']])('--label-rm %j is rejected', (arg) => {
    expect(() => parseLabelRm(arg)).toThrow(/invalid --label-rm/);
  });

  it('--label-rm takes a key', () => {
    expect(parseLabelRm('zone')).toBe('zone');
  });

  it.each([['active'], ['pause'], ['drain']])('--availability %j is accepted', (arg) => {
    expect(parseAvailability(arg)).toBe(arg);
  });

  it.each([['Drain'], ['paused'], ['']])('--availability %j is rejected with the allowed values', (arg) => {
    expect(() => parseAvailability(arg)).toThrow(/invalid --availability .*expected one of active, pause, drain/);
  });
});

describe('parseTime', () => {
  const now = Date.UTC(2026, 10, 24, 8);
  it.each([
    ['10m', now - 600_000],
    ['1h30m', now - 5_400_000],
    ['0s', now],
    ['2026-11-24T07:00:00Z', Date.UTC(2026, 10, 24, 7)],
    ['2026-11-24T07:00:00.250Z', Date.UTC(2026, 10, 24, 7, 0, 0, 250)],
    ['2026-11-24T09:00:00+02:00', Date.UTC(2026, 10, 24, 7)],
    ['2026-11-24T07:00:00', new Date(2026, 10, 24, 7).getTime()],
    ['2026-11-24', new Date(2026, 10, 24).getTime()],
    ['1795507200', Date.UTC(2026, 10, 24, 8)],
    ['1795507200.5', Date.UTC(2026, 10, 24, 8) + 500],
    ['1000000h', 0],
  ])('%j is %i', (text, ms) => {
    expect(parseTime(text, '--since', now)).toBe(ms);
  });

  it.each([['yesterday'], ['10 m'], ['-10m'], ['2026-11-24T7:00'], ['2026-13-01T00:00:00Z'], ['']])(
    'rejects %j naming the option, with examples',
    (text) => {
      expect(() => parseTime(text, '--since', now)).toThrow(InvalidArgumentError);
      expect(() => parseTime(text, '--since', now)).toThrow(
        /^invalid --since ".*": expected a duration such as 10m or 1h30m, or a time such as 2026-11-24T08:00:00Z$/,
      );
    },
  );
});

describe('parseTail', () => {
  it.each([
    ['all', -1],
    ['0', 0],
    ['20', 20],
  ])('%j is %i', (text, n) => {
    expect(parseTail(text)).toBe(n);
  });

  it.each([['-1'], ['ten'], ['1.5'], ['']])('rejects %j', (text) => {
    expect(() => parseTail(text)).toThrow(/^invalid --tail ".*": expected a number of lines or "all"$/);
  });
});

describe('service update arguments', () => {
  it.each([
    ['--replicas 3', () => parseReplicas('3'), 3],
    ['--replicas 0', () => parseReplicas('0'), 0],
    ['--env-add A=1', () => parseEnvAdd('A=1'), 'A=1'],
    ['--env-add with an empty value', () => parseEnvAdd('A='), 'A='],
    ['--env-add with = in the value', () => parseEnvAdd('URL=a=b'), 'URL=a=b'],
  ])('accepts %s', (_what, parse, expected) => {
    expect(parse()).toEqual(expected);
  });

  it.each([
    ['--replicas -1', () => parseReplicas('-1'), 'invalid --replicas: replicas "-1" is not a non-negative integer'],
    ['--replicas 2.5', () => parseReplicas('2.5'), 'invalid --replicas: replicas "2.5" is not a non-negative integer'],
    [
      '--replicas over the limit',
      () => parseReplicas('5000000000'),
      'invalid --replicas: replicas 5000000000 is over the limit of 100000',
    ],
    ['--env-add without =', () => parseEnvAdd('A'), 'invalid --env-add: environment variable "A": expected KEY=VALUE'],
    [
      '--env-add without a key',
      () => parseEnvAdd('=1'),
      'invalid --env-add: environment variable "=1" has no name: expected KEY=VALUE',
    ],
    [
      '--env-add over the size limit',
      () => parseEnvAdd(`BIG=${'x'.repeat(40_000)}`),
      'invalid --env-add: environment variable "BIG" is 40004 bytes, over the limit of 32768',
    ],
    [
      '--image with a NUL byte',
      () => parseImage('busybox\0:latest'),
      'invalid --image: invalid image "busybox\\u0000:latest": it holds a NUL byte',
    ],
    ['--image in uppercase', () => parseImage('Busybox'), 'a repository name must be lowercase'],
  ])('refuses %s', (_what, parse, message) => {
    expect(parse).toThrow(InvalidArgumentError);
    expect(parse).toThrow(message);
  });
});
