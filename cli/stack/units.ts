// Units a stack file writes as strings: byte sizes ("512M") and CPU counts ("0.5"); durations are in
// lib/duration.ts. Each parser returns a value or undefined; callers turn undefined into a positioned issue.

const BYTE_MULTIPLIER: Readonly<Record<string, number>> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

// As Docker reads memory sizes: binary multipliers, an optional "i" and "b", any case ("512M", "1g", "100kb").
const BYTES = /^(\d+(?:\.\d+)?) ?([kmgtp]?)i?b?$/i;

/** A byte size ("512M", "1g", "100k", "2048") in bytes; undefined if malformed. */
export function parseBytes(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isSafeInteger(text) && text >= 0 ? text : undefined;
  const m = BYTES.exec(text.trim());
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * (BYTE_MULTIPLIER[m[2]!.toLowerCase()] as number));
}

const NANO_CPUS_PER_CPU = 1e9;
const CPUS = /^(\d+(?:\.\d*)?|\.\d+)$/;

/** A CPU count ("0.5", 2) in nano-CPUs; undefined if malformed or negative. */
export function parseNanoCpus(value: string | number): number | undefined {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!CPUS.test(text)) return undefined;
  return Math.round(Number(text) * NANO_CPUS_PER_CPU);
}
