import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SENSITIVE_FIELDS } from '../../src/protocol/calls.js';
import { SUBSCRIPTION_ID_PATTERN } from '../../src/protocol/envelope.js';
import { acceleratedClock } from '../../src/server/index.js';
import { exchange, RawHttp, requestText, statusCodes, UPGRADE_HEADERS } from '../support/raw-http.js';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';

// The test process runs without --expose-gc; this makes gc() available here only.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const settledHeap = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

/** Close codes the protocol documents for bad input. */
const DOCUMENTED_CLOSES = new Set([1003, 1007, 1009]);

/**
 * Sends `frame`, then a marker ping. The server must either answer the marker (so it is
 * alive and the frame got whatever answer it deserved) or close with a documented code.
 */
async function probe(
  url: string,
  raw: RawSocket | undefined,
  frame: string | Buffer,
  binary = false,
): Promise<RawSocket> {
  const socket = raw && raw.socket.readyState === raw.socket.OPEN ? raw : await RawSocket.open(url);
  const marker = Math.floor(Math.random() * 1e9);
  const from = socket.messages.length;
  socket.socket.send(frame, { binary });
  socket.send({ ping: 1, req_id: marker });
  const outcome = await Promise.race([
    (async () => {
      for (let i = from; ; i++) if ((await socket.message(i)).req_id === marker) return 'answered' as const;
    })(),
    socket.closed.then((close) => close.code),
  ]);
  // Whatever came before the marker or the close is checked, on the socket that got it.
  for (const message of socket.messages.slice(from)) {
    expect(typeof message.msg_type).toBe('string');
    expect(message.echo_req).toBeTypeOf('object');
    if (message.error) expect(typeof message.error.code).toBe('string');
  }
  if (outcome === 'answered') return socket;
  expect(DOCUMENTED_CLOSES.has(outcome), `closed with ${outcome}`).toBe(true);
  return RawSocket.open(url);
}

const unicodeKeys = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 });
const anyJson = fc.jsonValue({ maxDepth: 4 });
const requestLike = fc.oneof(
  fc.dictionary(
    fc.constantFrom(
      'ping',
      'time',
      'ticks',
      'ticks_history',
      'forget',
      'forget_all',
      'active_symbols',
      'authorize',
      'balance',
      'buy',
      'req_id',
      'passthrough',
      'subscribe',
      'end',
      'count',
      'style',
      'granularity',
    ),
    anyJson,
    { maxKeys: 5 },
  ),
  fc.dictionary(unicodeKeys, anyJson, { maxKeys: 4 }),
  anyJson,
);

describe('fuzzing the server', () => {
  it('answers arbitrary JSON as the protocol says, and stays up', async () => {
    const server = await startServer({ rateLimits: false, clock: acceleratedClock(10) });
    let raw: RawSocket | undefined;
    await fc.assert(
      fc.asyncProperty(requestLike, async (value) => {
        raw = await probe(server.url, raw, JSON.stringify(value) ?? 'null');
      }),
      { numRuns: 300 },
    );
    expect((await (await RawSocket.open(server.url)).request({ ping: 1 })).ping).toBe('pong');
  }, 60_000);

  it('survives arbitrary bytes as text and binary frames', async () => {
    const server = await startServer({ rateLimits: false });
    let raw: RawSocket | undefined;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.boolean(), async (bytes, binary) => {
        raw = await probe(server.url, raw, Buffer.from(bytes), binary);
      }),
      { numRuns: 200 },
    );
    expect((await (await RawSocket.open(server.url)).request({ ping: 1 })).ping).toBe('pong');
  }, 60_000);

  it('takes a message of exactly 262 144 bytes and closes 1009 one byte past it', async () => {
    const server = await startServer();
    const frameOf = (size: number) => {
      const head = '{"ping":1,"passthrough":{"p":"';
      const tail = '"}}';
      return head + 'x'.repeat(size - head.length - tail.length) + tail;
    };
    const fits = await RawSocket.open(server.url);
    fits.send(frameOf(262_144));
    expect((await fits.message(0)).error.code).toBe('SanityCheckFailed');
    const over = await RawSocket.open(server.url);
    over.send(frameOf(262_145));
    expect((await over.closed).code).toBe(1009);
  });

  it('handles deep nesting, unicode keys and huge arrays', async () => {
    const server = await startServer({ rateLimits: false });
    let raw: RawSocket | undefined;
    const frames = [
      `{"ping":1,"passthrough":{"d":${'['.repeat(40_000)}${']'.repeat(40_000)}}}`,
      `{"ping":1,"passthrough":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
      JSON.stringify({ ключ: 1, 鍵: 2, '🔑': 3 }),
      JSON.stringify({ ticks: Array.from({ length: 20_000 }, (_, i) => `S_${i}`) }),
      JSON.stringify({ forget_all: Array.from({ length: 20_000 }, () => 'ticks') }),
      JSON.stringify({ ping: 1, passthrough: { list: Array.from({ length: 30_000 }, (_, i) => i) } }),
      JSON.stringify({ authorize: 'x'.repeat(200_000) }),
    ];
    for (const frame of frames) raw = await probe(server.url, raw, frame);
  }, 30_000);

  it('returns to its baseline memory after the fuzzing', async () => {
    const server = await startServer({ rateLimits: false });
    let raw: RawSocket | undefined;
    const run = (runs: number) =>
      fc.assert(
        fc.asyncProperty(requestLike, async (value) => {
          raw = await probe(server.url, raw, JSON.stringify(value) ?? 'null');
        }),
        { numRuns: runs },
      );
    const hangUp = () => {
      (raw as RawSocket | undefined)?.socket.terminate();
      raw = undefined;
    };
    await run(200);
    hangUp();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const baseline = settledHeap();
    await run(400);
    hangUp();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settledHeap() - baseline).toBeLessThan(4 * 1024 * 1024);
    expect(server.subscriptionCount).toBe(0);
  }, 60_000);
});

describe('fuzzing what the server sends back', () => {
  const SECRET = 'FuzzSecret0123456789';
  // The call's part of the request, as JSON text.
  const calls = fc.constantFrom(
    '"ping":1',
    '"time":1',
    '"website_status":1',
    '"active_symbols":"full"',
    '"ticks":"R_50"',
    '"ticks_history":"R_50","end":"latest"',
    '"balance":1',
  );
  // As text, so that `1e20` and `1e309` reach the server as written.
  const reqIdText = fc.oneof(
    fc.integer().map(String),
    fc.constantFrom('"5"', '"5.0"', 'true', 'null', '1e20', '1e309', '1.5', '[1]', '{"a":1}'),
  );
  const request = fc.record({
    call: calls,
    reqId: reqIdText,
    sensitive: fc.constantFrom(...SENSITIVE_FIELDS),
    // 5 bytes each as sent, 21 as echoed: up to 40 KB of echo from 10 KB of request.
    bigNumbers: fc.nat({ max: 2_000 }),
    subscribe: fc.boolean(),
  });

  it('never sends a frame over maxResponseBytes, nor a secret, and leaves no stream behind an error', async () => {
    const maxResponseBytes = 4_096;
    const server = await startServer({ rateLimits: false, clock: acceleratedClock(20), maxResponseBytes });
    const raw = await RawSocket.open(server.url);
    await raw.answered({ authorize: server.demoToken });
    const frames: string[] = [];
    raw.socket.on('message', (data: Buffer) => frames.push(data.toString()));
    await fc.assert(
      fc.asyncProperty(request, async ({ call, reqId, sensitive, bigNumbers, subscribe }) => {
        const numbers = Array.from({ length: bigNumbers }, () => '1e20').join(',');
        const frame =
          `{${call},"req_id":${reqId},"${sensitive}":"${SECRET}",` +
          `"passthrough":{"n":[${numbers}]}${subscribe ? ',"subscribe":1' : ''}}`;
        const from = raw.messages.length;
        raw.send(frame);
        const marker = 1e9 + from;
        raw.send({ ping: 1, req_id: marker });
        await raw.reply(marker, from);
      }),
      { numRuns: 150 },
    );
    for (const text of frames) {
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxResponseBytes);
      expect(text).not.toContain(SECRET);
    }
    // Every stream left open was answered with success: its id reached the client.
    const ids = new Set(
      raw.messages
        .filter((message) => !message.error && message.subscription)
        .map((message) => message.subscription.id),
    );
    const stopped = await raw.requestById({ forget_all: ['ticks', 'candles', 'balance'], req_id: 1 });
    for (const id of stopped.forget_all) expect(ids.has(id)).toBe(true);
    expect(server.subscriptionCount).toBe(0);
  }, 60_000);
});

/**
 * Request targets that are interesting to a URL parser (brackets, ports, escapes, dots, an
 * absolute form), mostly made of what Node's HTTP parser lets through, so that they reach
 * our code; now and then a byte it refuses.
 */
const pathChar = fc.constantFrom(..."/?#[]:@%.-_~!$&'()*+,;=|^`{}azAZ09");
const targetText = fc.string({
  unit: fc.oneof(
    { arbitrary: pathChar, weight: 20 },
    { arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }), weight: 1 },
  ),
  maxLength: 40,
});
const query = fc
  .tuple(fc.constantFrom('1089', '0', '', '%31', '1089&app_id=2', 'x'), targetText)
  .map(([appId, rest]) => `app_id=${appId}&l=${rest}&brand=${rest}`);
const requestTarget = fc.oneof(
  targetText.map((text) => `/${text}`),
  targetText.map((text) => `//${text}`),
  query.map((text) => `/websockets/v3?${text}`),
  fc
    .tuple(
      fc.constantFrom('http', 'https', 'ws', 'HTTP', 'x'),
      fc.domain(),
      fc.integer({ min: 0, max: 200_000 }),
      query,
    )
    .map(([scheme, host, port, rest]) => `${scheme}://${host}:${port}/websockets/v3?${rest}`),
  fc.constantFrom(
    '/websockets/v3?app_id=1089',
    '/websockets/v3?app_id=1089&l=%0D%0A',
    '*',
    '//[',
    '/%',
    '/%ZZ',
    '/..%2F..%2Fetc%2Fpasswd',
    '/app.js',
    '/index.html',
  ),
);
/** Header text Node accepts (visible ASCII and spaces), with a control byte now and then. */
const headerText = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 30 },
      { arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }), weight: 1 },
    ),
    maxLength,
  });
const headerName = fc.oneof(
  fc.constantFrom(
    'Upgrade',
    'Connection',
    'Sec-WebSocket-Key',
    'Sec-WebSocket-Version',
    'Sec-WebSocket-Protocol',
    'Sec-WebSocket-Extensions',
    'Origin',
    'Host',
    'Content-Length',
    'Transfer-Encoding',
    'Expect',
    'User-Agent',
  ),
  fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/),
  headerText(12),
);
const headerValue = fc.oneof(
  headerText(30),
  fc.constantFrom(
    'websocket',
    'Upgrade',
    '13',
    '8',
    'chunked',
    '100-continue',
    '5',
    '-1',
    '99999999999',
    'permessage-deflate; x',
    'a, b',
    'chat, chat',
    'null',
  ),
);
const httpRequest = fc.record({
  method: fc.oneof(
    { arbitrary: fc.constant('GET'), weight: 8 },
    fc.constantFrom('HEAD', 'POST', 'PUT', 'OPTIONS', 'CONNECT', 'DELETE', 'BREW', 'get'),
  ),
  target: requestTarget,
  upgrade: fc.boolean(),
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 3 }),
  body: fc.string({ unit: 'binary-ascii', maxLength: 20 }),
});

describe('fuzzing the HTTP front', () => {
  it('answers any request target and headers on a raw socket with a status, or closes; never 500; and stays up', async () => {
    const errors: string[] = [];
    const logger = { info() {}, warn() {}, error: (line: string) => errors.push(line) };
    const server = await startServer({
      handshakeTimeoutMs: 300,
      logger,
      staticDir: fileURLToPath(new URL('../../demo/', import.meta.url)),
    });
    await fc.assert(
      fc.asyncProperty(httpRequest, async ({ method, target, upgrade, headers, body }) => {
        const raw = new RawHttp(server.port);
        const head = `${method} ${target} HTTP/1.1\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}`;
        const extra = upgrade
          ? Object.entries(UPGRADE_HEADERS)
              .map(([name, value]) => `${name}: ${value}\r\n`)
              .join('')
          : '';
        raw.write(`${head}${extra}Host: a\r\n\r\n${body}`);
        // A status line, or the connection closed; incomplete requests get 408 after the timeout.
        const received = await raw.until(/^HTTP\/1\.[01] \d{3} /, 3_000);
        raw.socket.destroy();
        if (received !== '') expect(received).toMatch(/^HTTP\/1\.[01] \d{3} /);
        expect(statusCodes(received)).not.toContain(500);
      }),
      { numRuns: 300 },
    );
    expect(errors).toEqual([]);
    expect(statusCodes(await exchange(server.port, requestText('/')))).toEqual([200]);
    expect((await (await RawSocket.open(server.url)).request({ ping: 1 })).ping).toBe('pong');
  }, 120_000);
});

describe('isolation between connections', () => {
  it('no connection can read or forget another one’s stream, whatever id it tries', async () => {
    const server = await startServer({ rateLimits: false, clock: acceleratedClock(20) });
    const owner = await RawSocket.open(server.url);
    owner.send({ ticks: ['R_50', '1HZ100V'] });
    const ids = new Set<string>();
    for (let i = 0; ids.size < 2; i++) ids.add((await owner.message(i)).subscription.id);
    const intruder = await RawSocket.open(server.url);
    const guesses = fc.oneof(fc.constantFrom(...ids), fc.uuid(), fc.stringMatching(SUBSCRIPTION_ID_PATTERN));
    await fc.assert(
      fc.asyncProperty(guesses, async (id) => {
        expect((await intruder.request({ forget: id })).forget).toBe(0);
        const all = await intruder.request({ forget_all: ['ticks', 'candles', 'balance'] });
        expect(all.forget_all).toEqual([]);
      }),
      { numRuns: 100 },
    );
    expect(server.subscriptionCount).toBe(2);
    // The intruder never saw a message of the owner's streams.
    expect(intruder.messages.some((message) => message.subscription && ids.has(message.subscription.id))).toBe(false);
  }, 30_000);

  it('keeps each account’s balance and each connection’s authorization to itself', async () => {
    const accounts = {
      accounts: [
        {
          loginid: 'CR1',
          currency: 'USD',
          balance: 100,
          is_virtual: false,
          tokens: [{ token: 'TokenOfAccount1', scopes: ['read' as const] }],
        },
        {
          loginid: 'CR2',
          currency: 'USD',
          balance: 200,
          is_virtual: false,
          tokens: [{ token: 'TokenOfAccount2', scopes: ['read' as const] }],
        },
      ],
    };
    const server = await startServer({ accounts, rateLimits: false });
    const one = await RawSocket.open(server.url);
    const two = await RawSocket.open(server.url);
    const anonymous = await RawSocket.open(server.url);
    await one.answered({ authorize: 'TokenOfAccount1' });
    await two.answered({ authorize: 'TokenOfAccount2' });
    await one.answered({ balance: 1, subscribe: 1 });
    await two.answered({ balance: 1, subscribe: 1 });
    const [before1, before2] = [one.messages.length, two.messages.length];
    await server.accounts.adjustBalance('CR2', 5);
    expect((await two.message(before2)).balance).toMatchObject({ loginid: 'CR2', balance: 205 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(one.messages.length).toBe(before1);
    expect((await one.request({ balance: 1, account: 'CR2' })).error.code).toBe('PermissionDenied');
    expect((await anonymous.request({ balance: 1 })).error.code).toBe('AuthorizationRequired');
    for (const message of [...one.messages, ...two.messages, ...anonymous.messages]) {
      expect(JSON.stringify(message)).not.toMatch(/TokenOfAccount/);
    }
  });
});
