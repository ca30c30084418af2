import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TickRecord } from '../lib/ticks.js';

/**
 * The floor for tick fan-out: a bare `ws` server that, every `intervalMs`, builds one tick
 * message once and sends that same buffer to every socket that asked for ticks. Our server
 * has to add each subscriber's envelope; this one does no per-subscriber work at all.
 */
export async function startFloorBroadcast(
  intervalMs: number,
  onTick: (record: TickRecord) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const subscribers = new Set<WebSocket>();
  wss.on('connection', (socket) => {
    socket.on('message', () => subscribers.add(socket));
    socket.on('close', () => subscribers.delete(socket));
  });
  let epoch = 1_800_000_000;
  const timer = setInterval(() => {
    if (subscribers.size === 0) return;
    epoch++;
    const started = performance.now();
    const message = Buffer.from(
      JSON.stringify({
        echo_req: { ticks: '1HZ100V', subscribe: 1 },
        msg_type: 'tick',
        subscription: { id: 'floor' },
        tick: { ask: 100.01, bid: 99.99, epoch, id: 'floor', pip_size: 2, quote: 100, symbol: '1HZ100V' },
      }),
    );
    for (const socket of subscribers) socket.send(message);
    onTick({
      epoch,
      publishedAt: performance.timeOrigin + started,
      sendLoopMs: performance.now() - started,
      subscribers: subscribers.size,
      pid: process.pid,
    });
  }, intervalMs);
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/websockets/v3?app_id=1089`,
    close: () =>
      new Promise((resolve) => {
        clearInterval(timer);
        for (const socket of wss.clients) socket.terminate();
        wss.close(() => resolve());
      }),
  };
}
