import { describe, expect, it } from 'vitest';
import { capitalize, renderTable, shortId } from '../../../../cli/render/table';

describe('renderTable', () => {
  it.each([
    [
      'pads every column but the last to its widest cell plus 3, at least 10',
      [['NAME', 'SERVICES'], [['service-name-foo', '1']]],
      ['NAME               SERVICES', 'service-name-foo   1'],
    ],
    ['uses the 10-character minimum for short cells', [['ID', 'X'], [['a', 'b']]], ['ID        X', 'a         b']],
    [
      'pads empty cells before the last column',
      [['A', 'B', 'C'], [['', '', '']]],
      ['A         B         C', '                    '],
    ],
    ['prints only the header when there are no rows', [['NAME', 'SERVICES'], []], ['NAME      SERVICES']],
  ] as const)('%s', (_what, [header, rows], expected) => {
    expect(renderTable(header, rows)).toEqual(expected);
  });
});

describe('cell helpers', () => {
  it.each([
    ['running', 'Running'],
    ['', ''],
    ['drain', 'Drain'],
  ])('capitalize(%j) is %j', (word, expected) => {
    expect(capitalize(word)).toBe(expected);
  });

  it.each([
    ['xn4cypcov06f2w8gsbaf2lst3', false, 'xn4cypcov06f'],
    ['xn4cypcov06f2w8gsbaf2lst3', true, 'xn4cypcov06f2w8gsbaf2lst3'],
    ['id-foo', false, 'id-foo'],
  ])('shortId(%j, noTrunc=%j) is %j', (id, noTrunc, expected) => {
    expect(shortId(id, noTrunc)).toBe(expected);
  });
});
