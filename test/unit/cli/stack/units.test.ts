import { describe, expect, it } from 'vitest';
import { parseBytes, parseNanoCpus } from '../../../../cli/stack/units';

describe('parseBytes', () => {
  it.each([
    ['512M', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['100k', 102_400],
    ['50M', 52_428_800],
    ['20MB', 20_971_520],
    ['1GiB', 1024 ** 3],
    ['2048', 2048],
    [4096, 4096],
  ] as const)('%j is %i bytes', (text, bytes) => expect(parseBytes(text)).toBe(bytes));

  it.each(['', 'M', '1x', '-1M', '1.5.5M'])('rejects %j', (text) => expect(parseBytes(text)).toBeUndefined());
});

describe('parseNanoCpus', () => {
  it.each([
    ['0.5', 500_000_000],
    ['0.001', 1_000_000],
    ['0.0001', 100_000],
    [2, 2_000_000_000],
    ['1.5', 1_500_000_000],
  ] as const)('%j CPUs is %i nano-CPUs', (cpus, nano) => expect(parseNanoCpus(cpus)).toBe(nano));

  it.each(['', 'one', '-1', '1e3'])('rejects %j', (cpus) => expect(parseNanoCpus(cpus)).toBeUndefined());
});
