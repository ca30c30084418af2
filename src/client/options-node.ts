/**
 * deriv-ws/options for Node: Node 20 has no global WebSocket, so this entry supplies `ws`
 * (and Node 20's global `fetch` makes the REST calls). Everything else is the browser entry's.
 */
import WebSocket from 'ws';
import { OptionsClient } from './options-client.js';
import type { OptionsClientOptions } from './options.js';
import type { WebSocketConstructor } from './socket.js';

export * from './options-index.js';

export class DerivClient extends OptionsClient {
  constructor(options: OptionsClientOptions) {
    super({ WebSocket: WebSocket as unknown as WebSocketConstructor, ...options });
  }
}
