/**
 * One final, unmasked WebSocket text frame (RFC 6455 §5.2) holding `parts` end to end.
 *
 * Why we frame stream messages ourselves: a tick goes to every subscriber, differing only in
 * its envelope. With the shared parts encoded once per tick, each subscriber's frame is a few
 * copies into one buffer, written to the socket in one call. Handed a string per subscriber,
 * `ws` measured it, encoded it and wrote header and payload as two chunks, every time; that
 * cost about 1.3 µs per subscriber per tick (docs/benchmark-notes.md).
 */
export function textFrame(parts: readonly (Uint8Array | string)[]): Buffer {
  let length = 0;
  for (const part of parts) length += byteLength(part);
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (headerLength === 2) {
    frame[1] = length;
  } else if (headerLength === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  let offset = headerLength;
  for (const part of parts) {
    if (typeof part === 'string') offset += frame.write(part, offset);
    else {
      frame.set(part, offset);
      offset += part.length;
    }
  }
  return frame;
}

/** A part's size in a frame: a string's as UTF-8. */
export const byteLength = (part: Uint8Array | string) =>
  typeof part === 'string' ? Buffer.byteLength(part) : part.length;

/** The payload of a frame made by `textFrame`, without copying. */
export function framePayload(frame: Buffer): Buffer {
  const marker = frame[1]! & 0x7f;
  return frame.subarray(marker < 126 ? 2 : marker === 126 ? 4 : 10);
}
