import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { Clock } from '../../src/server/index.js';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';

/** 2026-09-21T14:13:20Z, held still: history windows end here, whenever the test runs. */
const NOW_MS = 1_790_000_000_000;
const stillClock: Clock = {
  now: () => NOW_MS,
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};
const NOW = NOW_MS / 1000;

/** Sends one request and resolves with the reply exactly as the server wrote it. */
function replyText(socket: WebSocket, request: Record<string, unknown>): Promise<string> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(data.toString()));
    socket.send(JSON.stringify(request));
  });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('ticks_history under a heavy client', () => {
  // Recorded from the server before history work was cut into slices: the replies must stay
  // byte for byte what they were (the market is a pure function of seed, symbol and epoch).
  const GOLDEN: Array<[Record<string, unknown>, string]> = [
    [
      { ticks_history: 'R_50', end: 'latest', count: 5000 },
      '49573401c491fa87c6b0f44d4ed879a0862956bdf41e591bfca444fb65709baf',
    ],
    [
      { ticks_history: '1HZ10V', start: NOW - 3000, end: String(NOW - 1000), count: 5000 },
      '3a612f143de2041c27f0907cf74356f56b7b63dc8dd3c4983ac2cb0fe1474dfa',
    ],
    [
      { ticks_history: '1HZ100V', end: 'latest', style: 'candles', granularity: 86400, count: 10 },
      '3c969174443cab03e26184305560fdae1fae30c4c04e577095e791a156a55dfe',
    ],
    [
      { ticks_history: '1HZ100V', end: 'latest', style: 'candles', granularity: 3600, count: 5000 },
      '4058a895782943719b4872911b55b2cc0bafd0e006d23ce832922946b59a471d',
    ],
    [
      { ticks_history: 'R_100', end: 'latest', style: 'candles', granularity: 60, count: 5000 },
      '5fac44947d7f6d3df7caf240fc4eb2a1635915436be347f0424bd774feb01a50',
    ],
    [
      { ticks_history: 'R_25', start: NOW - 3 * 86400, end: String(NOW - 3600), style: 'candles', granularity: 300 },
      '1a5c660cc8ffe5466da7f2f582d7c5f63efcd9c8e6a9ae26d4889eb21096d614',
    ],
  ];

  it('answers exactly as before, byte for byte', async () => {
    const server = await startServer({ clock: stillClock, market: { seed: 7 }, rateLimits: false });
    const raw = await RawSocket.open(server.url);
    const hashes: string[] = [];
    for (const [request] of GOLDEN) hashes.push(sha256(await replyText(raw.socket, request)));
    expect(hashes).toEqual(GOLDEN.map(([, hash]) => hash));
  }, 30_000);
});

describe('one client spending its budget on heavy history', () => {
  /** About 216 000 bridge midpoints each (ten daily candles of a 1 s index), with a reply of 1 KB. */
  const HEAVY = { ticks_history: '1HZ100V', end: 'latest', style: 'candles', granularity: 86400, count: 10 };

  /** Opens a client and writes 150 heavy requests at once, so the server reads them in one go. */
  async function heavyClient(url: string): Promise<RawSocket> {
    const heavy = await RawSocket.open(url, { headers: { 'User-Agent': 'heavy-client/1.0' } });
    const tcp = (heavy.socket as unknown as { _socket: import('node:net').Socket })._socket;
    tcp.cork();
    for (let i = 1; i <= 150; i++) heavy.send({ ...HEAVY, req_id: i });
    tcp.uncork();
    return heavy;
  }

  it("does not hold up another connection's ping", async () => {
    const server = await startServer({ market: { seed: 7 } });
    const other = await RawSocket.open(server.url);
    const heavy = await heavyClient(server.url);
    await heavy.message(0);
    expect((await other.request({ ping: 1, req_id: 1 })).ping).toBe('pong');
    // Answered while the heavy requests are still being worked on, not after all of them.
    expect(heavy.messages.length).toBeLessThan(150);
    heavy.socket.terminate();
  }, 60_000);

  it("shares the work between connections: another client's history is not queued behind the batch", async () => {
    const server = await startServer({ market: { seed: 7 } });
    const other = await RawSocket.open(server.url);
    const heavy = await heavyClient(server.url);
    await heavy.message(0);
    expect((await other.request({ ...HEAVY, req_id: 1 })).candles).toHaveLength(10);
    expect(heavy.messages.length).toBeLessThan(100);
    expect(heavy.messages.every((message) => message.candles?.length === 10)).toBe(true);
    heavy.socket.terminate();
  }, 60_000);
});
