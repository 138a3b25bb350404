import { describe, expect, it } from 'vitest';
import { parseAvailability, parseDuration, parseLabelAdd, parseLabelRm, parseScaleSpec } from '../../../../cli/commands/parse-args';
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
    ['web=99999999999', /too large/],
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
