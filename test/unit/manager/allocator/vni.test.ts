import { describe, expect, it } from 'vitest';
import { MIN_VNI, takeLowestVni } from '../../../../manager/allocator/vni';

describe('takeLowestVni', () => {
  it.each([
    ['none used', [], MIN_VNI],
    ['the lowest gap', [MIN_VNI, MIN_VNI + 2], MIN_VNI + 1],
    ['VLAN-range ids do not matter', [1, 100], MIN_VNI],
  ])('%s', (_what, used, want) => {
    expect(takeLowestVni(new Set(used))).toBe(want);
  });
});
