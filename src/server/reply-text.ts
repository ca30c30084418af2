import { apiErrors } from './api-error.js';
import { bareEcho, errorReply, NO_ECHO, type Echo } from './envelope.js';

/** The smallest `maxResponseBytes` a server takes: room for the bare `ResponseTooLarge` refusal itself. */
export const MIN_RESPONSE_BYTES = 256;

export interface ReplyText {
  readonly text: string;
  /** The reply could not go out as it was, and an error went instead. */
  readonly replaced: boolean;
}

/**
 * A reply as the text to send, never longer than `maxBytes` (UTF-8). A reply over the limit
 * becomes `ResponseTooLarge`, carrying the request's `echo_req` and `passthrough` only when
 * they fit in the limit themselves, and `req_id` alone otherwise: an echo that made the reply
 * too large (a 256 KiB request echoes up to twice its size, more when `1e20` comes back as
 * `100000000000000000000`) is not sent again in the refusal.
 */
export function replyText(reply: Record<string, unknown>, echo: Echo, maxBytes: number): ReplyText {
  const text = serialised(reply);
  if (text === undefined) {
    // Only an echo can fail to serialise (a passthrough nested past the stack's depth):
    // answer without it rather than not at all.
    return {
      text: firstFitting(maxBytes, [
        errorReply(bareEcho(echo), 'error', apiErrors.badRequest()),
        errorReply(NO_ECHO, 'error', apiErrors.badRequest()),
      ]),
      replaced: true,
    };
  }
  if (fits(text, maxBytes)) return { text, replaced: false };
  const tooLarge = apiErrors.responseTooLarge();
  return {
    text: firstFitting(maxBytes, [
      errorReply(echo, 'error', tooLarge),
      errorReply(bareEcho(echo), 'error', tooLarge),
      errorReply(NO_ECHO, 'error', tooLarge),
    ]),
    replaced: true,
  };
}

function serialised(reply: Record<string, unknown>): string | undefined {
  try {
    return JSON.stringify(reply);
  } catch {
    return undefined;
  }
}

/** The first candidate whose text fits; the last is small enough to fit any limit from MIN_RESPONSE_BYTES. */
function firstFitting(maxBytes: number, candidates: Record<string, unknown>[]): string {
  for (const candidate of candidates.slice(0, -1)) {
    const text = serialised(candidate);
    if (text !== undefined && fits(text, maxBytes)) return text;
  }
  return JSON.stringify(candidates[candidates.length - 1]);
}

function fits(text: string, maxBytes: number): boolean {
  // Only measure bytes when the text could be too long; UTF-8 needs at most 3 bytes per UTF-16 unit.
  return text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes;
}
