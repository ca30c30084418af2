import { expect, onTestFinished } from 'vitest';
import WebSocket from 'ws';

export interface CloseEvent {
  code: number;
  reason: string;
}

/**
 * A plain `ws` client for looking at the server's raw behaviour: every message, close
 * code and handshake answer, with nothing of our client in between.
 */
export class RawSocket {
  readonly socket: WebSocket;
  readonly messages: Record<string, any>[] = [];
  readonly pings: Buffer[] = [];
  readonly closed: Promise<CloseEvent>;
  readonly opened: Promise<void>;
  #waiters: Array<() => void> = [];

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.socket = new WebSocket(url, { perMessageDeflate: false, ...options });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.socket.on('error', () => {});
    this.socket.on('ping', (data) => this.pings.push(data));
    this.socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()));
      for (const wake of this.#waiters.splice(0)) wake();
    });
    onTestFinished(() => this.socket.terminate());
  }

  static async open(url: string, options?: WebSocket.ClientOptions): Promise<RawSocket> {
    const raw = new RawSocket(url, options);
    await raw.opened;
    return raw;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }

  /** Waits for the n-th message (0-based) to have arrived, and returns it. */
  async message(index = this.messages.length): Promise<Record<string, any>> {
    while (this.messages.length <= index) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.messages[index]!;
  }

  /** The first message from index `from` on that answers `reqId`, waiting for it if it has not come yet (stream messages of other requests are skipped). */
  async reply(reqId: number, from = 0): Promise<Record<string, any>> {
    for (let i = from; ; i++) {
      const message = await this.message(i);
      if (message.req_id === reqId) return message;
    }
  }

  /** Sends a request that carries a `req_id` and waits for its reply, skipping stream messages. */
  async requestById(message: { req_id: number } & Record<string, unknown>): Promise<Record<string, any>> {
    const from = this.messages.length;
    this.send(message);
    return this.reply(message.req_id, from);
  }

  /** Sends a request and waits for the next message. */
  async request(message: unknown): Promise<Record<string, any>> {
    const index = this.messages.length;
    this.send(message);
    return this.message(index);
  }

  /**
   * Sends a request and waits for its reply, failing the test if that is an error. Error replies
   * carry the call's `msg_type` too, so `msg_type` alone cannot tell an answer from a refusal.
   */
  async answered(message: unknown): Promise<Record<string, any>> {
    const reply = await this.request(message);
    expect(reply.error, `error reply to ${JSON.stringify(message)}`).toBeUndefined();
    return reply;
  }
}

/** The HTTP status a refused handshake answered with, and its body. */
export function handshakeRefusal(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on('open', () => reject(new Error('the handshake was accepted')));
    // A socket that fails before any answer (reset, refused) fails the test rather than leaving it waiting.
    socket.on('error', (error) => reject(error));
  });
}
