import { createServer as createNetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';

export interface BareServer {
  url: string;
  port: number;
  sockets: Set<WebSocket>;
  received: Record<string, any>[];
  close(): Promise<void>;
}

/**
 * A plain `ws` server whose behaviour each test writes itself: how a misbehaving server
 * looks to the client (one that swallows pings, never answers, or cuts the line).
 */
export async function startBareServer(
  onMessage: (message: Record<string, any>, socket: WebSocket) => void = () => {},
): Promise<BareServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sockets = new Set<WebSocket>();
  const received: Record<string, any>[] = [];
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      received.push(message);
      onMessage(message, socket);
    });
  });
  const port = (wss.address() as AddressInfo).port;
  const close = async () => {
    for (const socket of sockets) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
  onTestFinished(close);
  return { url: `ws://127.0.0.1:${port}/websockets/v3?app_id=1089`, port, sockets, received, close };
}

/** Answers like the real server: `{echo_req, msg_type, [call]: payload, req_id}`. */
export function answer(socket: WebSocket, request: Record<string, any>, msgType: string, payload: unknown): void {
  socket.send(JSON.stringify({ echo_req: request, msg_type: msgType, [msgType]: payload, req_id: request.req_id }));
}

/** A TCP server that accepts connections and never says a word: handshakes hang. */
export async function startMuteTcpServer(): Promise<{ port: number; url: string }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port, url: `ws://127.0.0.1:${port}/websockets/v3?app_id=1089` };
}

/** A port with nothing listening on it: connections are refused at once. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
