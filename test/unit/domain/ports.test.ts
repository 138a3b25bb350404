import { describe, expect, it } from 'vitest';
import { isPort, MAX_PORT, parsePortRange } from '../../../domain/ports';

describe('isPort', () => {
  it.each([
    [1, true],
    [80, true],
    [MAX_PORT, true],
    [0, false],
    [-1, false],
    [65536, false],
    [80.5, false],
    [Number.NaN, false],
  ])('%d: %s', (n, want) => expect(isPort(n)).toBe(want));
});

describe('parsePortRange', () => {
  it.each([
    ['80', { start: 80, end: 80 }],
    ['8000-8010', { start: 8000, end: 8010 }],
    ['1-65535', { start: 1, end: 65535 }],
    ['080', { start: 80, end: 80 }],
    ['0', undefined],
    ['65536', undefined],
    ['80-65536', undefined],
    ['8010-8000', undefined],
    ['80-', undefined],
    ['-80', undefined],
    ['http', undefined],
    ['', undefined],
  ])('%j is %j', (text, want) => expect(parsePortRange(text)).toEqual(want));
});
