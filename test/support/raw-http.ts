import { connect, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

/**
 * A plain TCP connection for HTTP as an attacker sends it: whatever bytes the test writes go
 * out as they are (no client library tidies the request line or the headers), and every byte
 * the server answers is kept, with when the server closed the connection.
 */
export class RawHttp {
  readonly socket: Socket;
  readonly connected: Promise<void>;
  /** Resolves when the connection has closed, by either side. */
  readonly closed: Promise<void>;
  #received = '';
  #waiters: Array<() => void> = [];

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.connected = new Promise((resolve) => this.socket.once('connect', () => resolve()));
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
    this.socket.on('error', () => {});
    this.socket.on('data', (chunk: Buffer) => {
      this.#received += chunk.toString('latin1');
      this.#wake();
    });
    this.socket.once('close', () => this.#wake());
    onTestFinished(() => void this.socket.destroy());
  }

  /** Everything the server has sent so far, as bytes read one to a character. */
  get received(): string {
    return this.#received;
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits until what was received matches `pattern`, or the connection closes; returns what was received. */
  async until(pattern: RegExp, timeoutMs = 5_000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    while (!pattern.test(this.#received) && !this.socket.destroyed) {
      if (performance.now() > deadline)
        throw new Error(`no ${pattern} in time; received: ${JSON.stringify(this.#received.slice(0, 300))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.#received;
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}

/** The status codes of every response in `text`, in order. */
export function statusCodes(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]));
}

/**
 * Sends one request (with `Connection: close` unless it says otherwise) on a new connection
 * and resolves with all the server sent once the connection has closed.
 */
export async function exchange(port: number, request: string | Buffer): Promise<string> {
  const raw = new RawHttp(port);
  raw.write(request);
  await raw.closed;
  return raw.received;
}

/** `GET <target>` with the headers given, ending the request; `Connection: close` by default. */
export function requestText(target: string, headers: Record<string, string> = {}, method = 'GET'): string {
  const all = { Host: '127.0.0.1', Connection: 'close', ...headers };
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(all)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
}

/** The headers of an upgrade to WebSocket, as a browser sends them. */
export const UPGRADE_HEADERS = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
};
