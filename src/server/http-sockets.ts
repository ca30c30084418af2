import type { IncomingMessage, ServerOptions as HttpServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { addressKey } from './limits/address-key.js';

/** Requests one plain HTTP socket may have unanswered at once. Browsers never pipeline. */
export const MAX_PIPELINED_REQUESTS = 16;

/** Node keeps an idle keep-alive socket open this long by default; never longer than a request may take. */
const NODE_KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * Node's own timers for HTTP, all set from one figure: a request, its headers and its body
 * together, must arrive within `timeoutMs` of its first byte (Node answers 408 and closes),
 * and so must a new connection's first request; an idle keep-alive socket goes sooner. Node
 * checks the request timers every `connectionsCheckingInterval`, 30 s by default, which would
 * let a 10 s limit run to 40 s: a tenth of the limit (at most a second) keeps it close.
 * `stalledSocketMs` is for the server's socket timeout, which drops a socket on which nothing
 * has moved (a client that stopped reading its answer); it runs a little past the request
 * timers, so a silent client gets its 408 first. `timeoutMs` 0 turns them all off.
 */
export function httpTimeouts(timeoutMs: number): { options: HttpServerOptions; stalledSocketMs: number } {
  if (timeoutMs <= 0) return { options: { headersTimeout: 0, requestTimeout: 0 }, stalledSocketMs: 0 };
  const checkEveryMs = Math.min(1_000, Math.max(10, Math.floor(timeoutMs / 10)));
  return {
    options: {
      headersTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      keepAliveTimeout: Math.min(NODE_KEEP_ALIVE_TIMEOUT_MS, timeoutMs),
      connectionsCheckingInterval: checkEveryMs,
    },
    stalledSocketMs: timeoutMs + 2 * checkEveryMs,
  };
}

export interface HttpSocketCaps {
  /** Plain HTTP sockets in all. */
  maxInAll: number;
  /** Plain HTTP sockets from one IP address: the cap for that address. */
  maxPerIp: (ip: string) => number;
  /** Bytes of answers waiting unsent on one socket, past which it may ask for nothing more. */
  maxUnsentBytes: number;
}

/**
 * Bounds what plain HTTP sockets (page requests, and WebSocket handshakes not yet done) can
 * make the server hold: how many there are, in all and from one IP address, counted apart
 * from open WebSockets, which have caps of their own; how many requests one may pipeline; and
 * how many bytes of answers may wait for a client that does not read them.
 */
export class HttpSocketLimits {
  readonly #perIp = new Map<string, number>();
  #inAll = 0;
  /** The IP address each counted socket was counted under. */
  readonly #counted = new WeakMap<Duplex, string>();
  readonly #unanswered = new WeakMap<Duplex, number>();

  constructor(private readonly caps: HttpSocketCaps) {}

  /**
   * A new TCP connection: counted until it closes or becomes a WebSocket. Past a cap it is
   * closed at once, before it can send anything: a socket kept to hear its request would be
   * one more held.
   */
  admit(socket: Socket): void {
    const ip = addressKey(socket.remoteAddress ?? 'unknown');
    const fromIp = this.#perIp.get(ip) ?? 0;
    if (this.#inAll >= this.caps.maxInAll || fromIp >= this.caps.maxPerIp(ip)) {
      socket.destroy();
      return;
    }
    this.#perIp.set(ip, fromIp + 1);
    this.#inAll++;
    this.#counted.set(socket, ip);
    socket.once('close', () => this.release(socket));
  }

  /** The socket leaves the count: it closed, or its handshake came (the WebSocket caps take it from here). */
  release(socket: Duplex): void {
    const ip = this.#counted.get(socket);
    if (ip === undefined) return;
    this.#counted.delete(socket);
    this.#inAll--;
    const left = (this.#perIp.get(ip) ?? 1) - 1;
    if (left > 0) this.#perIp.set(ip, left);
    else this.#perIp.delete(ip);
  }

  /**
   * A request arrived. False when its socket was dropped instead, for having too many
   * requests unanswered or too many bytes unread: Node queues every answer of a pipelined
   * burst until the client reads the ones before, so without this one socket could make the
   * server queue answers without end.
   */
  admitRequest(request: IncomingMessage, response: ServerResponse): boolean {
    const socket = request.socket;
    const unanswered = (this.#unanswered.get(socket) ?? 0) + 1;
    if (unanswered > MAX_PIPELINED_REQUESTS || socket.writableLength > this.caps.maxUnsentBytes) {
      socket.destroy();
      return false;
    }
    this.#unanswered.set(socket, unanswered);
    response.once('close', () => this.#unanswered.set(socket, (this.#unanswered.get(socket) ?? 1) - 1));
    return true;
  }
}
