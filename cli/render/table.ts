// Tables as the docker CLI lays them out, and their cells: every column but the last is as wide as
// its widest cell plus padding, never narrower than a minimum; the last column is not padded.

/** The docker CLI lays tables out with a minimum cell width of 10 and 3 spaces between columns. */
const MIN_CELL_WIDTH = 10;
const CELL_PADDING = 3;

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, col) =>
    Math.max(MIN_CELL_WIDTH, ...all.map((row) => (row[col] ?? '').length + CELL_PADDING)),
  );
  const last = header.length - 1;
  return all.map((row) =>
    header.map((_, col) => (col === last ? (row[col] ?? '') : (row[col] ?? '').padEnd(widths[col]))).join(''),
  );
}

/** State words in tables are capitalized, as the docker CLI prints them ("Running", "Ready"). */
export function capitalize(word: string): string {
  return word ? word[0].toUpperCase() + word.slice(1) : word;
}

/** Object ids are shortened to 12 characters in tables, as the docker CLI does unless --no-trunc. */
const SHORT_ID_LENGTH = 12;

export function shortId(id: string, noTrunc: boolean): string {
  return noTrunc ? id : id.slice(0, SHORT_ID_LENGTH);
}
