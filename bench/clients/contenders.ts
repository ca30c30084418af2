import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { DerivClient } from '../../dist/client/node.js';

/** What every client contender offers the scenarios. */
export interface Contender {
  ping(): Promise<unknown>;
  time(): Promise<unknown>;
  /** Opens a tick subscription and resolves on its first message. */
  subscribeTicks(symbol: string): Promise<void>;
  /** Stops the subscriptions opened so far. */
  unsubscribeAll(): Promise<void>;
  /** A call the peer never answers (`verify_email`); it settles only if the client settles it. */
  unanswered(): Promise<unknown>;
  close(): Promise<void>;
}

async function open(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/**
 * The floor: a plain `ws` client with the least work a correct client must do (stringify,
 * a req_id, a map from req_id to resolver, parse). It keeps nothing per subscription but the
 * first reply, and never settles a call whose reply is lost.
 */
async function rawWs(url: string): Promise<Contender> {
  const socket = await open(url);
  const waiting = new Map<number, (reply: unknown) => void>();
  const kept: unknown[] = [];
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
  return {
    ping: () => call({ ping: 1 }),
    time: () => call({ time: 1 }),
    subscribeTicks: async (symbol) => void kept.push(await call({ ticks: symbol, subscribe: 1 })),
    unsubscribeAll: async () => void kept.splice(0),
    unanswered: () => call({ verify_email: 'bench@example.com', type: 'account_opening' }),
    close: async () => {
      socket.close();
      await new Promise((resolve) => socket.once('close', resolve));
    },
  };
}

/**
 * Our client with its defaults (keep-alive, a timeout on every call, reconnect), except rate
 * pacing: the bench servers have no limits, and pacing 10 000 subscriptions at Deriv's 180 a
 * minute would measure the pacer's patience. `ping` and `time` are never paced anyway.
 */
async function derivWs(url: string): Promise<Contender> {
  const client = new DerivClient({ url, rateLimit: false });
  await client.connect();
  const handles: { unsubscribe(): Promise<void> }[] = [];
  // One consumer for every subscription, as an application would write it: a shared data
  // handler. Per-call closures here would be the benchmark's memory, not the client's.
  const waiting = new Map<string, () => void>();
  const onData = (message: { tick?: { symbol?: string } }) => {
    const symbol = message.tick?.symbol ?? '';
    waiting.get(symbol)?.();
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
    unsubscribeAll: async () => {
      await Promise.all(handles.splice(0).map((handle) => handle.unsubscribe()));
    },
    unanswered: () => client.send({ verify_email: 'bench@example.com', type: 'account_opening' }),
    close: () => client.close(),
  };
}

/** `@deriv/deriv-api` 1.0.15, `DerivAPIBasic` given a `ws` connection, as its README shows for Node. */
async function derivApi(url: string): Promise<Contender> {
  const require = createRequire(import.meta.url);
  const module = require('@deriv/deriv-api/dist/DerivAPIBasic.js');
  const DerivAPIBasic = module.default ?? module;
  // Handed over before it opens: DerivAPIBasic waits for the `open` event it would otherwise miss.
  const connection = new WebSocket(url, { perMessageDeflate: false });
  const api = new DerivAPIBasic({ connection });
  await api.ping();
  const subscriptions: { unsubscribe(): void }[] = [];
  return {
    ping: () => api.ping(),
    time: () => api.time(),
    subscribeTicks: (symbol) =>
      new Promise((resolve, reject) => {
        let first = true;
        const subscription = api.subscribe({ ticks: symbol }).subscribe({
          next: () => {
            if (!first) return;
            first = false;
            resolve();
          },
          error: reject,
        });
        subscriptions.push(subscription);
      }),
    unsubscribeAll: async () => {
      for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
    },
    unanswered: () => api.send({ verify_email: 'bench@example.com', type: 'account_opening' }),
    close: async () => {
      connection.close();
      await new Promise((resolve) =>
        connection.readyState === WebSocket.CLOSED ? resolve(undefined) : connection.once('close', resolve),
      );
    },
  };
}

export const contenders: Record<string, (url: string) => Promise<Contender>> = {
  'raw-ws': rawWs,
  'deriv-ws': derivWs,
  'deriv-api': derivApi,
};
