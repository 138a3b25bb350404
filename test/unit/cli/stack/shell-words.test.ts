import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitShellWords } from '../../../../cli/stack/shell-words';

describe('splitShellWords', () => {
  it.each([
    ['bundle exec thin -p 3000', ['bundle', 'exec', 'thin', '-p', '3000']],
    ['  spaced   out  ', ['spaced', 'out']],
    [`sh -c "echo 'hi there'"`, ['sh', '-c', "echo 'hi there'"]],
    [`echo 'a "b" c'`, ['echo', 'a "b" c']],
    [`echo "a \\"b\\" c"`, ['echo', 'a "b" c']],
    ['echo a\\ b', ['echo', 'a b']],
    ['echo ""', ['echo', '']],
    ['', []],
  ])('%j splits into %j', (text, words) => expect(splitShellWords(text)).toEqual({ ok: true, words }));

  it.each([`echo "unterminated`, `echo 'unterminated`])('rejects %j', (text) =>
    expect(splitShellWords(text).ok).toBe(false),
  );

  it('splits plain words on whitespace', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9_./-]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (words) => {
        expect(splitShellWords(words.join(' \t '))).toEqual({ ok: true, words });
      }),
    );
  });
});
