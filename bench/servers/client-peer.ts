import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * For client memory figures: a bare server that confirms a `ticks` subscription on any
 * symbol with one tick and then stays quiet, so that thousands of distinct subscriptions fit
 * on one connection and the client's heap holds only what it keeps per subscription.
 */
export async function startEchoStreamsServer(): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(data.toString());
      if ('ticks' in request) {
        const id = randomUUID();
        const tick = { ask: 100.01, bid: 99.99, epoch: Math.floor(Date.now() / 1000), id, pip_size: 2, quote: 100, symbol: request.ticks };
        socket.send(JSON.stringify({ echo_req: request, msg_type: 'tick', req_id: request.req_id, subscription: { id }, tick }));
      } else if ('forget' in request) {
        socket.send(JSON.stringify({ echo_req: request, msg_type: 'forget', forget: 1, req_id: request.req_id }));
      } else {
        socket.send(JSON.stringify({ echo_req: request, msg_type: 'ping', ping: 'pong', req_id: request.req_id }));
      }
    });
  });
  const { port } = wss.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/websockets/v3?app_id=1089`, close: () => new Promise((resolve) => wss.close(() => resolve())) };
}
