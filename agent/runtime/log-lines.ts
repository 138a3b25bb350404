// Docker's log output as lines, pure: a stream's bytes split into whole lines (a chunk may end inside
// a line, or inside a UTF-8 character), and the timestamp the engine puts before each line.

const NEWLINE = 0x0a;

/** Collects one stream's chunks and hands out its whole lines, without their newlines. */
export class LineSplitter {
  private rest = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const lines: string[] = [];
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE, start); nl >= 0; nl = buf.indexOf(NEWLINE, start)) {
      lines.push(buf.toString('utf8', start, nl));
      start = nl + 1;
    }
    this.rest = Buffer.from(buf.subarray(start));
    return lines;
  }

  /** What came after the last newline: the stream's last line when it ended without one. */
  flush(): string[] {
    if (!this.rest.length) return [];
    const last = this.rest.toString('utf8');
    this.rest = Buffer.alloc(0);
    return [last];
  }
}

/** The engine's timestamp: RFC 3339 in UTC with up to nanoseconds. */
const ENGINE_TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z) /;

/** "2026-11-24T08:00:00.123456789Z text" (the engine's `timestamps` option) as time (Unix ms) and text; time 0 without one. */
export function splitTimestamp(line: string): { time: number; text: string } {
  const m = ENGINE_TIMESTAMP.exec(line);
  return m ? { time: Date.parse(m[1]!), text: line.slice(m[0].length) } : { time: 0, text: line };
}
