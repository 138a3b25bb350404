import { describe, expect, it } from 'vitest';
import { rpsMask, vniOfVxlanName } from '../../../../agent/network/overlay-names';

describe('overlay names', () => {
  it.each<[string, number | undefined]>([
    ['shvx4097', 4097],
    ['shvx16777215', 16777215],
    ['shbr4097', undefined],
    ['shvx', undefined],
    ['vxlan0', undefined],
  ])('%s is VXLAN device of VNI %s', (name, vni) => expect(vniOfVxlanName(name)).toBe(vni));
});

describe('rpsMask', () => {
  it.each<[number, string | undefined]>([
    [1, undefined],
    [2, '2'],
    [4, 'e'],
    [31, '7ffffffe'],
    [32, 'fffffffe'],
    [33, '1,fffffffe'],
    [64, 'ffffffff,fffffffe'],
    [72, 'ff,ffffffff,fffffffe'],
  ])('%i CPUs: %s', (cpus, mask) => expect(rpsMask(cpus)).toBe(mask));

  it.each([0, -1, 1.5, NaN])('refuses %s CPUs', (cpus) => expect(() => rpsMask(cpus)).toThrow(/not a CPU count/));
});
