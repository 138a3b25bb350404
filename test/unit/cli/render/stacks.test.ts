import { describe, expect, it } from 'vitest';
import { renderStackTable, sortStacks } from '../../../../cli/render/stacks';
import { goldenLines } from './golden';

const stack = (name: string, services = 1) => ({ name, services });

describe('renderStackTable', () => {
  it.each([
    ['stack-list-without-format', [stack('service-name-foo')], false],
    ['stack-list-sort', [stack('service-name-foo'), stack('service-name-bar')], false],
    [
      'stack-list-sort-natural',
      [stack('service-name-10-foo'), stack('service-name-2-foo'), stack('service-name-1-foo')],
      false,
    ],
    ['stack-list-with-format', [stack('service-name-foo')], true],
  ])('matches the docker CLI golden %s', (golden, stacks, quiet) => {
    expect(renderStackTable(stacks, { quiet })).toEqual(goldenLines(golden));
  });

  it('maps stacks to JSON sorted naturally by name', () => {
    expect(sortStacks([stack('web-10', 3), stack('web-9', 2)])).toEqual([
      { name: 'web-9', services: 2 },
      { name: 'web-10', services: 3 },
    ]);
  });
});
