/**
 * The part of the WHATWG `WebSocket` the client uses. Browsers' global `WebSocket` and the
 * `ws` package both fit it. Handler arguments are `any` on purpose: the two implementations
 * type their event objects differently, and the client reads only `data`, `code`, `reason`,
 * `wasClean` and `message` from them.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** `ws` only: destroy the TCP socket at once, without a closing handshake. */
  terminate?: () => void;
  onopen: ((event: SocketEvent) => void) | null;
  onmessage: ((event: SocketEvent) => void) | null;
  onclose: ((event: SocketEvent) => void) | null;
  onerror: ((event: SocketEvent) => void) | null;
}

// biome-ignore lint/suspicious/noExplicitAny: the two implementations type their events differently (see WebSocketLike)
type SocketEvent = any;

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export const ReadyState = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;

/**
 * Ends a socket the client has given up on. A dead link never completes a closing
 * handshake, so where the implementation can (`ws`), the TCP socket is destroyed at once;
 * a browser gets a normal `close()` and the client stops listening to it either way.
 */
export function abandonSocket(socket: WebSocketLike, code: number, reason: string): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  // Swallow the error a half-open socket may still report after we have stopped caring.
  socket.onerror = () => {};
  try {
    if (typeof socket.terminate === 'function') socket.terminate();
    else socket.close(code, reason);
  } catch {
    // Closing an already failed socket can throw in some implementations; it is gone either way.
  }
}

/** The message of an error event: `ws` puts it on the event, browsers give none. */
export function describeErrorEvent(event: unknown): string {
  const e = event as { message?: unknown; error?: { message?: unknown } } | null;
  if (e && typeof e.message === 'string' && e.message) return e.message;
  if (e?.error && typeof e.error.message === 'string') return e.error.message;
  return 'WebSocket error';
}
