import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * The floor for our server: a bare `ws` server doing the same JSON work as a real reply
 * (parse the request, stringify `{echo_req, msg_type, [call]: payload, req_id}`), and
 * nothing else.
 */
export async function startFloorJsonServer(): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(data.toString());
      const call = 'ping' in request ? 'ping' : 'time';
      const payload = call === 'ping' ? 'pong' : Math.floor(Date.now() / 1000);
      socket.send(JSON.stringify({ echo_req: request, msg_type: call, [call]: payload, req_id: request.req_id }));
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/websockets/v3?app_id=1089`,
    close: () => new Promise((resolve) => wss.close(() => resolve())),
  };
}
