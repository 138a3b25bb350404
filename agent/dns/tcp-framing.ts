// DNS over TCP frames each message with a two-byte big-endian length (RFC 1035 4.2.2). Pure.

export function withLength(message: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(2 + message.length);
  framed.writeUInt16BE(message.length, 0);
  message.copy(framed, 2);
  return framed;
}

/** Collects a stream's chunks and hands back each whole message as it completes. */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const messages: Buffer[] = [];
    while (this.buffered.length >= 2) {
      const end = 2 + this.buffered.readUInt16BE(0);
      if (this.buffered.length < end) break;
      messages.push(this.buffered.subarray(2, end));
      this.buffered = this.buffered.subarray(end);
    }
    return messages;
  }
}
