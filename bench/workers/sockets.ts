// The load processes' plain `ws` connections: opened in batches, and a request/reply helper.
import WebSocket from 'ws';

/** A number that follows `key` in a message, read from its bytes: no string, no regex, no parse. */
export function numberAfter(data: Buffer, key: Buffer): number {
  let at = data.indexOf(key);
  if (at < 0) return Number.NaN;
  let value = 0;
  for (at += key.length; at < data.length; at++) {
    const digit = data[at]! - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return value;
}

export function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** `count` connections, 500 handshakes at a time. */
export async function connectMany(url: string, count: number): Promise<WebSocket[]> {
  const opened: WebSocket[] = [];
  for (let i = 0; i < count; i += 500)
    opened.push(...(await Promise.all(Array.from({ length: Math.min(500, count - i) }, () => connect(url)))));
  return opened;
}

/** A connection with a req_id → resolver map, for request/reply figures: resolves with the reply's text. */
export function caller(socket: WebSocket): (body: string) => Promise<string> {
  const waiting = new Map<number, (reply: string) => void>();
  let nextId = 1;
  socket.on('message', (data) => {
    const text = data.toString();
    const reqId = Number(/"req_id":(\d+)/.exec(text)?.[1]);
    waiting.get(reqId)?.(text);
    waiting.delete(reqId);
  });
  return (body: string) =>
    new Promise<string>((resolve) => {
      const reqId = nextId++;
      waiting.set(reqId, resolve);
      socket.send(`{"req_id":${reqId},${body.slice(1)}`);
    });
}
