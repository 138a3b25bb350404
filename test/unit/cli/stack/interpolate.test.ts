import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../../cli/stack/interpolate';

const env = { HOME: '/home/me', EMPTY: '', PORT: '8080' };

describe('interpolate', () => {
  it.each([
    ['$HOME/x', '/home/me/x', []],
    ['${HOME}', '/home/me', []],
    ['${UNSET:-fallback}', 'fallback', []],
    ['${EMPTY:-fallback}', 'fallback', []],
    ['${EMPTY-fallback}', '', []],
    ['${UNSET-fallback}', 'fallback', []],
    ['${HOME:-fallback}', '/home/me', []],
    ['${PORT:+set}', 'set', []],
    ['${UNSET+set}', '', []],
    ['${UNSET:-${PORT}}', '8080', []],
    ['cost $$5', 'cost $5', []],
    ['$$HOME', '$HOME', []],
    ['$UNSET', '', ['UNSET']],
    ['a${UNSET}b', 'ab', ['UNSET']],
    ['${HOME:?needed}', '/home/me', []],
    ['no variables', 'no variables', []],
  ])('%j becomes %j', (text, value, unset) => expect(interpolate(text, env)).toEqual({ ok: true, value, unset }));

  it.each([
    ['${UNSET:?the port is needed}', 'the port is needed'],
    ['${EMPTY:?}', 'EMPTY is empty'],
    ['${UNSET?}', 'UNSET is not set'],
    ['${HOME', 'unterminated'],
    ['${}', 'invalid interpolation format'],
    ['${ HOME}', 'invalid interpolation format'],
    ['$5', 'invalid interpolation format'],
    ['trailing $', 'invalid interpolation format'],
  ])('%j is an error naming %j', (text, fragment) => {
    const out = interpolate(text, env);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toContain(fragment);
  });

  it('leaves text without "$" unchanged and turns "$$" into "$"', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('$')),
        (s) => {
          expect(interpolate(s, env)).toEqual({ ok: true, value: s, unset: [] });
          expect(interpolate(`${s}$$${s}`, env)).toEqual({ ok: true, value: `${s}$${s}`, unset: [] });
        },
      ),
    );
  });
});
