// Go-style durations ("1m30s", "500ms"), as Compose files and Shoal's command lines write them.

const NS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;

/** A Go duration ("1h2m3.5s", "500ms", "0") in whole milliseconds, rounded; undefined if malformed or negative. */
export function parseDurationMs(text: string): number | undefined {
  const s = text.trim();
  if (s === '0') return 0;
  if (s === '') return undefined;
  let ns = 0;
  let at = 0;
  DURATION_PART.lastIndex = 0;
  for (let m = DURATION_PART.exec(s); m; m = DURATION_PART.exec(s)) {
    ns += Number(m[1]) * (NS_PER_UNIT[m[2]!] as number);
    at = DURATION_PART.lastIndex;
  }
  return at === s.length ? Math.round(ns / 1e6) : undefined;
}

/** Milliseconds as Go prints a duration: "0s", "500ms", "10s", "1m30s", "2h0m0s", "1.5s". */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sMs = ms % 60_000;
  const seconds =
    sMs % 1000 === 0
      ? `${sMs / 1000}`
      : `${Math.floor(sMs / 1000)}.${String(sMs % 1000)
          .padStart(3, '0')
          .replace(/0+$/, '')}`;
  if (h > 0) return `${h}h${m}m${seconds}s`;
  if (m > 0) return `${m}m${seconds}s`;
  return `${seconds}s`;
}
