import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { acceleratedClock } from '../../src/server/index.js';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

const TOO_LARGE = { code: 'ResponseTooLarge', message: 'Response too large.' };

/** The UTF-8 length of every message the socket receives, as it came off the wire. */
function frameSizes(raw: RawSocket): number[] {
  const sizes: number[] = [];
  raw.socket.on('message', (data: Buffer) => sizes.push(data.length));
  return sizes;
}

/** `n` copies of `1e20`: 5 bytes each as sent, 21 as JSON.stringify writes them back. */
const manyBigNumbers = (n: number) => `[${Array.from({ length: n }, () => '1e20').join(',')}]`;

/** A passthrough of about `bytes` bytes that passes the sanity check (values of at most 300 characters). */
function passthroughOf(bytes: number): Record<string, string> {
  const passthrough: Record<string, string> = {};
  for (let i = 0; i * 300 < bytes; i++) passthrough[`k${i}`] = 'x'.repeat(Math.min(300, bytes - i * 300));
  return passthrough;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('maxResponseBytes bounds every frame the server sends', () => {
  it('a ResponseTooLarge reply leaves out an echo that does not fit, and keeps req_id', async () => {
    const server = await startServer({ maxResponseBytes: 2_000 });
    const raw = await RawSocket.open(server.url);
    const sizes = frameSizes(raw);
    expect(await raw.request({ website_status: 1, req_id: 3, passthrough: passthroughOf(1_500) })).toEqual({
      echo_req: {},
      error: TOO_LARGE,
      msg_type: 'error',
      req_id: 3,
    });
    expect(sizes[0]).toBeLessThanOrEqual(2_000);
  });

  it('numbers that serialise longer than they came in (1e20) cannot push a reply past the limit', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    const sizes = frameSizes(raw);
    // 250 KB in; echo_req and passthrough would be 1.1 MB each.
    const frame = `{"ping":1,"req_id":4,"passthrough":{"n":${manyBigNumbers(50_000)}}}`;
    expect(frame.length).toBeLessThan(262_144);
    raw.send(frame);
    expect(await raw.message(0)).toEqual({ echo_req: {}, error: TOO_LARGE, msg_type: 'error', req_id: 4 });
    expect(sizes[0]).toBeLessThanOrEqual(600_000);
  });

  it('a stream whose messages would be over the limit is refused with ResponseTooLarge, and never opens', async () => {
    const server = await startServer({ clock: acceleratedClock(20) });
    const raw = await RawSocket.open(server.url);
    const sizes = frameSizes(raw);
    raw.send(`{"ticks":"R_50","req_id":5,"passthrough":{"n":${manyBigNumbers(50_000)}}}`);
    expect(await raw.message(0)).toEqual({ echo_req: {}, error: TOO_LARGE, msg_type: 'error', req_id: 5 });
    expect(server.subscriptionCount).toBe(0);
    // R_50 ticks every 100 ms on this clock: none may follow.
    await pause(300);
    expect(raw.messages).toHaveLength(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(600_000);
  });

  it('refuses a maxResponseBytes too small for the refusal itself', async () => {
    await expect(startServer({ maxResponseBytes: 100 })).rejects.toThrow(
      'maxResponseBytes must be at least 256: room for the ResponseTooLarge reply itself',
    );
  });
});

describe('an error reply leaves no stream behind', () => {
  it('a subscribe whose reply becomes ResponseTooLarge opens no stream', async () => {
    const server = await startServer({ maxResponseBytes: 20_000, clock: acceleratedClock(20) });
    const raw = await RawSocket.open(server.url);
    const request = { ticks_history: 'R_50', end: 'latest', count: 5000, subscribe: 1, req_id: 6 };
    // The echo is small, so the refusal keeps it; the 5 000 ticks were what did not fit.
    expect(await raw.request(request)).toEqual({ echo_req: request, error: TOO_LARGE, msg_type: 'error', req_id: 6 });
    expect(server.subscriptionCount).toBe(0);
    await pause(300);
    expect(raw.messages).toHaveLength(1);
  });

  it('a stream the handler would open after its request timed out never opens', async () => {
    const server = await startServer({ pipelineTimeoutMs: 50 });
    const raw = await RawSocket.open(server.url);
    await raw.answered({ authorize: server.demoToken });
    const removeFault = server.inject('balance', { delayMs: 150 });
    const timedOut = raw.request({ balance: 1, subscribe: 1, req_id: 7 });
    await until(() => server.callCount('balance') === 1);
    removeFault();
    expect(await timedOut).toEqual({
      echo_req: { balance: 1, subscribe: 1, req_id: 7 },
      error: { code: 'Timeout', message: 'Timeout' },
      msg_type: 'error',
      req_id: 7,
    });
    await pause(200);
    expect(server.subscriptionCount).toBe(0);
    const loginid = (await raw.answered({ balance: 1 })).balance.loginid;
    await server.accounts.adjustBalance(loginid, 5);
    await pause(50);
    expect(raw.messages.filter((message) => message.subscription)).toEqual([]);
  });
});

describe('the echo streams keep, per connection', () => {
  it('refuses a stream whose envelope would take the connection past maxStreamEchoBytesPerConnection (256 KiB)', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    await raw.answered({ authorize: server.demoToken });
    // 150 KB of passthrough, kept twice (echo_req and passthrough) by a quiet balance stream.
    const request = { balance: 1, subscribe: 1, req_id: 8, passthrough: passthroughOf(150_000) };
    const reply = await raw.request(request);
    expect(reply.error).toEqual({
      code: 'SubscriptionLimitReached',
      message: 'The streams on this connection would keep more than 262144 bytes of echo_req and passthrough.',
      details: { echo_bytes: 262_144 },
    });
    expect(reply).toMatchObject({ msg_type: 'balance', req_id: 8 });
    expect(server.subscriptionCount).toBe(0);
  });

  it('counts every stream of the connection, all or nothing for ticks: [..], and gives the bytes back on forget', async () => {
    const server = await startServer({ maxStreamEchoBytesPerConnection: 2_000, clock: acceleratedClock(20) });
    const raw = await RawSocket.open(server.url);
    // About 1.4 KB of envelope per stream: one fits, two do not.
    const passthrough = passthroughOf(600);
    const both = await raw.request({ ticks: ['R_50', 'R_100'], req_id: 1, passthrough });
    expect(both.error).toMatchObject({ code: 'SubscriptionLimitReached', details: { echo_bytes: 2_000 } });
    expect(server.subscriptionCount).toBe(0);

    raw.send({ ticks: 'R_50', req_id: 2, passthrough });
    const id = (await raw.reply(2)).subscription.id;
    const second = await raw.requestById({ ticks: 'R_100', req_id: 3, passthrough });
    expect(second.error.code).toBe('SubscriptionLimitReached');
    expect(server.subscriptionCount).toBe(1);

    expect((await raw.requestById({ forget: id, req_id: 4 })).forget).toBe(1);
    raw.send({ ticks: 'R_100', req_id: 5, passthrough });
    expect((await raw.reply(5)).tick.symbol).toBe('R_100');
  });
});

describe('WebSocket pings', () => {
  /** `count` masked ping frames with `size`-byte payloads, as one buffer. */
  const pings = (count: number, size = 0) =>
    Buffer.concat(
      Array.from({ length: count }, () =>
        Buffer.concat([Buffer.from([0x89, 0x80 | size, 0, 0, 0, 0]), Buffer.alloc(size, 0x61)]),
      ),
    );

  it('answers a burst of 1 000 pings in one write, and the connection stays', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    let pongs = 0;
    raw.socket.on('pong', () => pongs++);
    (raw.socket as unknown as { _socket: Socket })._socket.write(pings(1_000));
    await until(() => pongs === 1_000);
    expect((await raw.answered({ ping: 1 })).ping).toBe('pong');
  });

  it('counts unread pongs against maxBufferedBytes: a client flooding pings without reading is dropped', async () => {
    const server = await startServer({ maxBufferedBytes: 16 * 1024 });
    const raw = await RawSocket.open(server.url);
    const tcp = (raw.socket as unknown as { _socket: Socket })._socket;
    tcp.pause();
    const burst = pings(2_000, 125);
    for (let i = 0; i < 100 && server.connectionCount > 0; i++) {
      tcp.write(burst);
      await pause(20);
    }
    await until(() => server.connectionCount === 0);
  }, 15_000);
});
