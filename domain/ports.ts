// Port numbers, as every side checks them: a port is a whole number from 1 to 65535 (0 in a published
// port means none asked for); a range is "N" or "N-M", ascending, of such ports, as Compose's short port
// syntax and `docker service create --publish` write it.

export const MAX_PORT = 65535;

export interface PortRange {
  start: number;
  end: number;
}

const RANGE = /^(\d+)(?:-(\d+))?$/;

/** Whether n is a port: a whole number from 1 to MAX_PORT. */
export function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_PORT;
}

/** "8080" or "8000-8010" as a range of ports; undefined unless both ends are ports and the range ascends. */
export function parsePortRange(text: string): PortRange | undefined {
  const m = RANGE.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (!isPort(start) || !isPort(end) || end < start) return undefined;
  return { start, end };
}
