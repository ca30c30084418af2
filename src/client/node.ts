/**
 * The client for Node. Node 20 has no global WebSocket, so this entry (chosen by the
 * `node` export condition) supplies `ws`. Everything else is the browser client unchanged.
 */
import WebSocket from 'ws';
import { DerivClient as BrowserClient } from './client.js';
import type { DerivClientOptions } from './options.js';
import type { WebSocketConstructor } from './socket.js';

export * from './index.js';

export class DerivClient extends BrowserClient {
  constructor(options: DerivClientOptions = {}) {
    super({ WebSocket: WebSocket as unknown as WebSocketConstructor, ...options });
  }
}
