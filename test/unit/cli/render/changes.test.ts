import { describe, expect, it } from 'vitest';
import { renderChanges } from '../../../../cli/render/changes';

describe('renderChanges', () => {
  it.each([
    ['created', ['Creating service web_app']],
    ['updated', ['Updating service web_app']],
    ['scaled', ['Scaling service web_app']],
    ['removed', ['Removing service web_app']],
    ['rolled_back', ['Rolling back service web_app']],
    ['unchanged', []],
  ])('a service %s prints %j', (change, expected) => {
    expect(renderChanges([{ service: 'web_app', change }])).toEqual(expected);
  });
});
