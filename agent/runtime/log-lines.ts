// Docker's log output as lines, pure: a stream's bytes split into whole lines (a chunk may end inside
// a line, or inside a UTF-8 character), and the timestamp the engine puts before each line.

const NEWLINE = 0x0a;
/**
 * A line is handed out in pieces of at most this many bytes: a container that never writes a newline
 * (a progress bar redrawn with \r) must not grow the agent's memory, nor a log message past gRPC's 4 MiB.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

/** Collects one stream's chunks and hands out its whole lines, without their newlines. */
export class LineSplitter {
  private rest = Buffer.alloc(0);

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  push(chunk: Buffer): string[] {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const lines: string[] = [];
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE, start); nl >= 0; nl = buf.indexOf(NEWLINE, start)) {
      lines.push(buf.toString('utf8', start, nl));
      start = nl + 1;
    }
    for (; buf.length - start >= this.maxLineBytes; start += this.maxLineBytes)
      lines.push(buf.toString('utf8', start, start + this.maxLineBytes));
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

/**
 * The engine's timestamp: RFC 3339 with up to nanoseconds, in UTC or with the offset of a log
 * driver writing local time.
 */
const ENGINE_TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) /;
/** More than the longest timestamp and its space: where to look for one at a frame's start. */
const TIMESTAMP_MAX_BYTES = 40;

/**
 * "2026-11-24T08:00:00.123456789Z text" (the engine's `timestamps` option) as time (Unix ms) and
 * text; time 0 without one.
 */
export function splitTimestamp(line: string): { time: number; text: string } {
  const m = ENGINE_TIMESTAMP.exec(line);
  return m ? { time: Date.parse(m[1]!), text: line.slice(m[0].length) } : { time: 0, text: line };
}

/**
 * One stream of a container's log, as the engine sends it with timestamps, read into timestamped
 * lines. Each frame is one log message and starts with its timestamp; the engine splits a line longer
 * than 16 KiB into several messages, only the last ending with the newline, so a frame that goes on
 * with an unfinished line gives up its timestamp and the line keeps the first one.
 */
export class LogLineReader {
  private readonly splitter = new LineSplitter();
  /** The last frame ended inside a line. */
  private open = false;

  push(frame: Buffer): { time: number; text: string }[] {
    let bytes = frame;
    if (this.open) {
      const m = ENGINE_TIMESTAMP.exec(frame.toString('latin1', 0, TIMESTAMP_MAX_BYTES));
      if (m) bytes = frame.subarray(m[0].length);
    }
    if (frame.length > 0) this.open = frame[frame.length - 1] !== NEWLINE;
    return this.splitter.push(bytes).map(splitTimestamp);
  }

  /** The stream's last line, when it ended without a newline. */
  flush(): { time: number; text: string }[] {
    this.open = false;
    return this.splitter.flush().map(splitTimestamp);
  }
}
