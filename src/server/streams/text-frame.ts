/**
 * One final, unmasked WebSocket text frame (RFC 6455 §5.2) holding `parts` end to end.
 *
 * Why we frame stream messages ourselves: a tick goes to every subscriber, differing only in
 * its envelope. With the shared parts encoded once per tick, each subscriber's frame is a few
 * copies into one buffer, written to the socket in one call. Handed a string per subscriber,
 * `ws` measured it, encoded it and wrote header and payload as two chunks, every time; that
 * cost about 1.3 µs per subscriber per tick (docs/benchmark-notes.md).
 */
/** Bytes, text (written as UTF-8), or a run of either: a payload made of a template's pieces and its values. */
export type FramePart = Uint8Array | string | readonly (Uint8Array | string)[];

/** `length`, the parts' total in bytes, if the caller has counted it already. */
export function textFrame(parts: readonly FramePart[], length = totalBytes(parts)): Buffer {
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = frameBuffer(headerLength + length);
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
    if (typeof part === 'string' || part instanceof Uint8Array) offset = put(frame, offset, part);
    else for (const piece of part) offset = put(frame, offset, piece);
  }
  return frame;
}

/**
 * Frames are cut from slabs of this size. Node's own pool is 8 KiB, six open-contract messages;
 * ten thousand streams made some 1 700 new pools a tick, each an ArrayBuffer to allocate and
 * later collect. A slab lives while any frame cut from it waits to be written: a socket slow
 * enough to hold one long is disconnected past maxBufferedBytes (docs/limits.md).
 */
const SLAB_BYTES = 64 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let slabUsed = 0;

function frameBuffer(size: number): Buffer {
  if (size > SLAB_BYTES / 8) return Buffer.allocUnsafe(size);
  if (slabUsed + size > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabUsed = 0;
  }
  const frame = slab.subarray(slabUsed, slabUsed + size);
  // Aligned to 8, as Node's pool aligns its slices.
  slabUsed += (size + 7) & ~7;
  return frame;
}

function put(frame: Buffer, offset: number, part: Uint8Array | string): number {
  if (typeof part === 'string') return offset + frame.write(part, offset);
  frame.set(part, offset);
  return offset + part.length;
}

function totalBytes(parts: readonly FramePart[]): number {
  let length = 0;
  for (const part of parts) length += byteLength(part);
  return length;
}

/** A part's size in a frame: a string's as UTF-8. */
export function byteLength(part: FramePart): number {
  if (typeof part === 'string') return Buffer.byteLength(part);
  if (part instanceof Uint8Array) return part.length;
  let length = 0;
  for (const piece of part) length += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
  return length;
}

/** The payload of a frame made by `textFrame`, without copying. */
export function framePayload(frame: Buffer): Buffer {
  const marker = frame[1]! & 0x7f;
  return frame.subarray(marker < 126 ? 2 : marker === 126 ? 4 : 10);
}
