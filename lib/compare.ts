// Strings in code-unit order, the order `<` gives: the same on every machine, unlike localeCompare,
// whose order follows the locale. (cli/render/natural-compare.ts is another order: digits by value.)

/** Sort comparator: a before b when a < b (UTF-16 code units, so "B" < "a" and "a10" < "a9"). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
