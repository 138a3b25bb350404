import { describe, expect, it } from 'vitest';
import { naturalCompare } from '../../../../cli/render/natural-compare';

describe('naturalCompare', () => {
  it.each([
    ['numbers inside names compare by value', ['node-10', 'node-2', 'node-1'], ['node-1', 'node-2', 'node-10']],
    ['plain text compares by code point', ['web', 'db', 'cache'], ['cache', 'db', 'web']],
    ['a prefix sorts first', ['web.1x', 'web.1'], ['web.1', 'web.1x']],
    ['task slots order numerically', ['web.10', 'web.9', 'web.1'], ['web.1', 'web.9', 'web.10']],
    ['equal numbers with different text fall back to text', ['a1b', 'a1a'], ['a1a', 'a1b']],
  ])('%s', (_what, input, expected) => {
    expect([...input].sort(naturalCompare)).toEqual(expected);
  });
});
