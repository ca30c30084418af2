import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/**
 * A real TCP proxy between a client and a server, for fault tests. It forwards bytes both
 * ways and, on command, misbehaves the way networks do:
 * - `cut()`: reset every connection (RST), as a crashed peer or a dropped NAT entry does;
 * - `blackhole()`: keep connections open but deliver nothing, either way, as a dead link does;
 * - `refuse(ms)`: reset new connections for a while, as a server that is down does;
 * - `delay(ms)`: hold every chunk back this long.
 * The target can change (`retarget`), so a server can restart on another port while clients
 * keep the proxy's URL.
 */
export class FaultProxy {
  readonly #server: Server;
  #targetPort: number;
  #pairs = new Set<{ client: Socket; upstream: Socket }>();
  #blackholed = false;
  #refuseUntil = 0;
  #delayMs = 0;
  /** Every connection attempt, with its time (ms, performance.now), refused ones included. */
  readonly attempts: number[] = [];

  private constructor(server: Server, targetPort: number) {
    this.#server = server;
    this.#targetPort = targetPort;
  }

  static async start(targetPort: number): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, targetPort);
    server.on('connection', (client) => proxy.#accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    onTestFinished(() => proxy.close());
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** The URL a client should use: the target's path and query on the proxy's port. */
  urlFor(targetUrl: string): string {
    const url = new URL(targetUrl);
    url.port = String(this.port);
    return url.toString();
  }

  get connectionCount(): number {
    return this.#pairs.size;
  }

  retarget(port: number): void {
    this.#targetPort = port;
  }

  cut(): void {
    for (const pair of this.#pairs) {
      pair.client.resetAndDestroy();
      pair.upstream.resetAndDestroy();
    }
    this.#pairs.clear();
  }

  blackhole(on = true): void {
    this.#blackholed = on;
  }

  refuse(ms: number): void {
    this.#refuseUntil = performance.now() + ms;
  }

  delay(ms: number): void {
    this.#delayMs = ms;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    this.attempts.push(performance.now());
    client.on('error', () => {});
    if (performance.now() < this.#refuseUntil) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.#targetPort, '127.0.0.1');
    upstream.on('error', () => client.destroy());
    const pair = { client, upstream };
    this.#pairs.add(pair);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (this.#blackholed) return;
        if (this.#delayMs > 0) setTimeout(() => to.writable && to.write(chunk), this.#delayMs);
        else if (to.writable) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  }
}
