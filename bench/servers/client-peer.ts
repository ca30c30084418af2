import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * The server the client figures run against: a bare `ws` server that answers `ping` and
 * `time` with the reply's JSON work and nothing else, confirms a `ticks` subscription on any
 * symbol with one tick (so thousands of distinct subscriptions fit on one connection), and
 * answers `forget`. `verify_email` requests are swallowed, and the n-th one (n from the URL's
 * `cut_after`) cuts the connection: the settle-on-cut figure needs calls that are sent and
 * never answered.
 *
 * The peer must not be what limits a client's throughput: it corks its TCP socket for the
 * replies of one read, so a burst of 100 requests is answered in one write, not 100.
 */
export async function startClientPeer(): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket, request) => {
    const cutAfter = Number(new URL(request.url ?? '/', 'http://localhost').searchParams.get('cut_after') ?? Infinity);
    let swallowed = 0;
    const tcp = (socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    let corked = false;
    const uncork = () => {
      corked = false;
      tcp.uncork();
    };
    socket.on('message', (data) => {
      if (!corked) {
        corked = true;
        tcp.cork();
        queueMicrotask(uncork);
      }
      const request = JSON.parse(data.toString());
      if ('ticks' in request) {
        const id = randomUUID();
        const tick = {
          ask: 100.01,
          bid: 99.99,
          epoch: Math.floor(Date.now() / 1000),
          id,
          pip_size: 2,
          quote: 100,
          symbol: request.ticks,
        };
        socket.send(
          JSON.stringify({ echo_req: request, msg_type: 'tick', req_id: request.req_id, subscription: { id }, tick }),
        );
      } else if ('forget' in request) {
        socket.send(JSON.stringify({ echo_req: request, msg_type: 'forget', forget: 1, req_id: request.req_id }));
      } else if ('verify_email' in request) {
        if (++swallowed === cutAfter) socket.terminate();
      } else {
        const call = 'ping' in request ? 'ping' : 'time';
        socket.send(
          JSON.stringify({
            echo_req: request,
            msg_type: call,
            [call]: call === 'ping' ? 'pong' : Math.floor(Date.now() / 1000),
            req_id: request.req_id,
          }),
        );
      }
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/websockets/v3?app_id=1089`,
    close: () => new Promise((resolve) => wss.close(() => resolve())),
  };
}
