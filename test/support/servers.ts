import { onTestFinished } from 'vitest';
import { createServer, type LocalServer, type ServerOptions } from '../../src/server/index.js';

/** A real local server on 127.0.0.1:0, closed when the test ends. */
export async function startServer(options: ServerOptions = {}): Promise<LocalServer> {
  const server = await createServer({ host: '127.0.0.1', port: 0, ...options });
  onTestFinished(() => server.close());
  return server;
}

/** The server's WebSocket URL with other query parameters. */
export function urlWith(server: LocalServer, query: string, path = '/websockets/v3'): string {
  return `ws://127.0.0.1:${server.port}${path}${query ? `?${query}` : ''}`;
}
