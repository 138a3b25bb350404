import { describe, expect, it } from 'vitest';
import { compareStrings } from '../../../lib/compare';

describe('compareStrings', () => {
  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['', 'a', -1],
    ['B', 'a', -1],
    ['a10', 'a9', -1],
    ['a', 'a-b', -1],
    ['é', 'z', 1],
  ])('%j vs %j: %i', (a, b, want) => expect(compareStrings(a, b)).toBe(want));
});
