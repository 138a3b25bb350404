// Splits a command string into words the way a POSIX shell would, without expanding anything:
// `command: bundle exec "thin server" -p 3000` becomes ["bundle", "exec", "thin server", "-p", "3000"].

export type SplitWords = { ok: true; words: string[] } | { ok: false; error: string };

const DOUBLE_QUOTE_ESCAPABLE = new Set(['"', '\\', '$', '`']);

export function splitShellWords(text: string): SplitWords {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && DOUBLE_QUOTE_ESCAPABLE.has(text[i + 1]!)) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < text.length) word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return { ok: false, error: `unterminated ${quote === '"' ? 'double' : 'single'} quote` };
  if (inWord) words.push(word);
  return { ok: true, words };
}
