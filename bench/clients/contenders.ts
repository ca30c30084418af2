import WebSocket from 'ws';
import { DerivClient } from '../../dist/client/node.js';

/** What every client contender offers the scenarios. */
export interface Contender {
  ping(): Promise<unknown>;
  time(): Promise<unknown>;
  /** Opens a tick subscription and resolves on its first message. */
  subscribeTicks(symbol: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The floor: a plain `ws` client with the least work a correct client must do (stringify,
 * a req_id, a map from req_id to resolver, parse).
 */
async function rawWs(url: string): Promise<Contender> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waiting = new Map<number, (reply: unknown) => void>();
  let nextId = 1;
  socket.on('message', (data) => {
    const reply = JSON.parse(data.toString());
    const resolve = waiting.get(reply.req_id);
    if (resolve) {
      waiting.delete(reply.req_id);
      resolve(reply);
    }
  });
  const call = (request: Record<string, unknown>) =>
    new Promise((resolve) => {
      const reqId = nextId++;
      waiting.set(reqId, resolve);
      socket.send(JSON.stringify({ ...request, req_id: reqId }));
    });
  const subscriptions = new Map<number, (message: unknown) => void>();
  return {
    ping: () => call({ ping: 1 }),
    time: () => call({ time: 1 }),
    // The floor keeps nothing per subscription but the resolver: a lower bound, not a client.
    subscribeTicks: (symbol) => call({ ticks: symbol, subscribe: 1 }).then((message) => subscriptions.set(subscriptions.size, () => message)),
    close: async () => {
      socket.close();
      await new Promise((resolve) => socket.once('close', resolve));
    },
  };
}

/**
 * Our client with its defaults (keep-alive, a timeout on every call, reconnect), except rate
 * pacing: the bench servers have no limits, and pacing 1 000 subscriptions at Deriv's
 * 180 a minute would measure the pacer's patience. `ping` and `time` are never paced anyway.
 */
async function derivWs(url: string): Promise<Contender> {
  const client = new DerivClient({ url, rateLimit: false });
  await client.connect();
  const handles: unknown[] = [];
  // One consumer for every subscription, as an application would write it: a shared data
  // handler. Per-call closures here would be the benchmark's memory, not the client's.
  const waiting = new Map<string, (message: unknown) => void>();
  const onData = (message: { tick?: { symbol?: string } }) => {
    const symbol = message.tick?.symbol ?? '';
    waiting.get(symbol)?.(message);
    waiting.delete(symbol);
  };
  return {
    ping: () => client.send({ ping: 1 }),
    time: () => client.send({ time: 1 }),
    subscribeTicks: (symbol) =>
      new Promise((resolve) => {
        waiting.set(symbol, resolve);
        const subscription = client.subscribe({ ticks: symbol });
        subscription.on('data', onData);
        handles.push(subscription);
      }),
    close: () => client.close(),
  };
}

export const contenders: Record<string, (url: string) => Promise<Contender>> = {
  'raw-ws': rawWs,
  'deriv-ws': derivWs,
};
