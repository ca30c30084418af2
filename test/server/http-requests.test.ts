import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MAX_PIPELINED_REQUESTS } from '../../src/server/http-sockets.js';
import { RawSocket } from '../support/raw-socket.js';
import { exchange, RawHttp, requestText, statusCodes, UPGRADE_HEADERS } from '../support/raw-http.js';
import { startServer } from '../support/servers.js';

describe('request targets the URL parser rejects', () => {
  // Node's HTTP parser accepts these; `new URL` throws on them.
  const unparseable = ['//[', 'http://a:99999/websockets/v3?app_id=1089', 'http://[::1/websockets/v3', '//a:99999/'];

  it.each(unparseable)('answers a plain GET %s with 400, and the server stays up', async (target) => {
    const server = await startServer();
    const response = await exchange(server.port, requestText(target));
    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(response).toContain('Bad request target\n');
    expect((await (await RawSocket.open(server.url)).request({ ping: 1 })).ping).toBe('pong');
  });

  it.each(unparseable)(
    'answers an upgrade to %s with 400 {"error":"BadRequest"}, and the server stays up',
    async (target) => {
      const server = await startServer();
      const response = await exchange(server.port, requestText(target, UPGRADE_HEADERS));
      expect(response).toBe(
        'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 22\r\n\r\n{"error":"BadRequest"}',
      );
      expect((await (await RawSocket.open(server.url)).request({ ping: 1 })).ping).toBe('pong');
    },
  );

  it('still reads an absolute target it can parse (RFC 9112 absolute-form)', async () => {
    const server = await startServer();
    const raw = new RawHttp(server.port);
    raw.write(requestText('http://127.0.0.1:1/websockets/v3?app_id=1089', UPGRADE_HEADERS));
    expect(statusCodes(await raw.until(/\r\n\r\n/))).toEqual([101]);
  });

  it('answers the other requests on a keep-alive connection as usual', async () => {
    const server = await startServer();
    const keepAlive = { Connection: 'keep-alive' };
    const response = await exchange(
      server.port,
      requestText('/x', keepAlive) +
        requestText('//[', keepAlive) +
        requestText('/websockets/v3', keepAlive) +
        requestText('/y'),
    );
    expect(statusCodes(response)).toEqual([404, 400, 426, 404]);
  });
});

/** A folder with the files a test serves: `big.map` (500 KiB), `huge.bin` (8 MiB) and an index page. */
function staticFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'deriv-ws-static-'));
  writeFileSync(join(folder, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(folder, 'big.map'), Buffer.alloc(500 * 1024, 'm'));
  writeFileSync(join(folder, 'huge.bin'), Buffer.alloc(8 * 1024 * 1024, 'h'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('what one HTTP socket can make the server hold', () => {
  it('1 000 pipelined GETs of a 500 KiB file on a socket that never reads pin no copies, and the socket is dropped', async () => {
    const server = await startServer({ staticDir: staticFolder() });
    const before = process.memoryUsage().arrayBuffers;
    const raw = new RawHttp(server.port);
    await raw.connected;
    raw.socket.pause();
    raw.write(requestText('/big.map', { Connection: 'keep-alive' }).repeat(1_000));
    await sleep(500);
    // A copy per request would be 500 MB; the one shared buffer was loaded before `before`.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
    // Reading again shows what the server did: it answered a few, then hung up.
    raw.socket.resume();
    await Promise.race([raw.closed, sleep(2_000)]);
    expect(raw.socket.destroyed).toBe(true);
    expect(statusCodes(raw.received).length).toBeLessThanOrEqual(MAX_PIPELINED_REQUESTS);
  });

  it(`answers ${MAX_PIPELINED_REQUESTS} pipelined requests, and drops a socket with more unanswered`, async () => {
    const server = await startServer({ staticDir: staticFolder() });
    const keepAlive = requestText('/', { Connection: 'keep-alive' });
    const answered = await exchange(server.port, keepAlive.repeat(MAX_PIPELINED_REQUESTS - 1) + requestText('/'));
    expect(statusCodes(answered)).toEqual(Array(MAX_PIPELINED_REQUESTS).fill(200));
    const dropped = await exchange(server.port, keepAlive.repeat(MAX_PIPELINED_REQUESTS + 1));
    expect(statusCodes(dropped).length).toBeLessThanOrEqual(MAX_PIPELINED_REQUESTS);
  });

  it('drops a socket that asks for more while more than maxBufferedBytes of its answers wait unsent', async () => {
    const server = await startServer({ staticDir: staticFolder(), maxBufferedBytes: 64 * 1024 });
    const raw = new RawHttp(server.port);
    await raw.connected;
    raw.socket.pause();
    raw.write(requestText('/huge.bin', { Connection: 'keep-alive' }));
    await sleep(100);
    raw.write(requestText('/', { Connection: 'keep-alive' }));
    await sleep(200);
    raw.socket.resume();
    await Promise.race([raw.closed, sleep(2_000)]);
    expect(raw.socket.destroyed).toBe(true);
    expect(raw.received.length).toBeLessThan(8 * 1024 * 1024);
  });

  it('serves its files as they were when it started: loaded once, not read again per request', async () => {
    const folder = staticFolder();
    const server = await startServer({ staticDir: folder });
    writeFileSync(join(folder, 'index.html'), 'changed');
    writeFileSync(join(folder, 'new.txt'), 'new');
    const page = await exchange(server.port, requestText('/'));
    expect(page.endsWith('<!doctype html><title>t</title>')).toBe(true);
    expect(statusCodes(await exchange(server.port, requestText('/new.txt')))).toEqual([404]);
  });
});

describe('slow HTTP clients, under handshakeTimeoutMs', () => {
  const T = 300;
  /** Writes `line` every 50 ms until the server closes the socket; resolves with how long that took. */
  async function trickle(raw: RawHttp, first: string, line: string): Promise<number> {
    const started = performance.now();
    raw.write(first);
    const timer = setInterval(() => raw.write(line), 50);
    await raw.closed;
    clearInterval(timer);
    return performance.now() - started;
  }

  it('a keep-alive socket’s second request, sent slowly, gets 408 within the timeout', async () => {
    const server = await startServer({ handshakeTimeoutMs: T });
    const raw = new RawHttp(server.port);
    raw.write(requestText('/x', { Connection: 'keep-alive' }));
    await raw.until(/Not found\n/);
    const took = await trickle(raw, 'GET /y HTTP/1.1\r\n', 'X-Slow: 1\r\n');
    expect(took).toBeGreaterThanOrEqual(T - 20);
    expect(took).toBeLessThan(T + 1_500);
    expect(statusCodes(raw.received)).toEqual([404, 408]);
  });

  it('a request body trickled a byte at a time is cut off at the timeout', async () => {
    const server = await startServer({ handshakeTimeoutMs: T });
    const raw = new RawHttp(server.port);
    const took = await trickle(raw, 'POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n', 'b');
    expect(took).toBeGreaterThanOrEqual(T - 20);
    expect(took).toBeLessThan(T + 1_500);
  });

  it('an idle keep-alive socket is closed within the timeout and a second', async () => {
    const server = await startServer({ handshakeTimeoutMs: T });
    const raw = new RawHttp(server.port);
    raw.write(requestText('/x', { Connection: 'keep-alive' }));
    await raw.until(/Not found\n/);
    const started = performance.now();
    await raw.closed;
    expect(performance.now() - started).toBeLessThan(T + 1_500);
  });

  it('a client that stops reading its answer is dropped after the timeout', async () => {
    const server = await startServer({ handshakeTimeoutMs: T, staticDir: staticFolder() });
    const raw = new RawHttp(server.port);
    await raw.connected;
    raw.socket.pause();
    raw.write(requestText('/huge.bin', { Connection: 'keep-alive' }));
    await sleep(T + 500);
    // Reading again shows what the server did: it gave up on the answer part way.
    raw.socket.resume();
    await Promise.race([raw.closed, sleep(1_000)]);
    expect(raw.socket.destroyed).toBe(true);
    expect(raw.received.length).toBeLessThan(8 * 1024 * 1024);
  });

  it('an open WebSocket outlives the timeout', async () => {
    const server = await startServer({ handshakeTimeoutMs: 100 });
    const raw = await RawSocket.open(server.url);
    await sleep(400);
    expect((await raw.request({ ping: 1 })).ping).toBe('pong');
  });
});

describe('plain HTTP sockets count against the connection caps', () => {
  /** A new connection is closed by the server at once, before it has sent anything, with no answer. */
  async function expectClosedAtOnce(port: number): Promise<void> {
    await sleep(50);
    const started = performance.now();
    const refused = new RawHttp(port);
    await refused.closed;
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(refused.received).toBe('');
  }

  it('past maxConnectionsPerIp sockets that are not WebSockets, a new one is closed at once; closes count back', async () => {
    const server = await startServer({ maxConnectionsPerIp: 2 });
    const websockets = await Promise.all([RawSocket.open(server.url), RawSocket.open(server.url)]);
    const held = [new RawHttp(server.port), new RawHttp(server.port)];
    await Promise.all(held.map((raw) => raw.connected));
    await expectClosedAtOnce(server.port);
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await sleep(50);
    expect(statusCodes(await exchange(server.port, requestText('/x')))).toEqual([404]);
    for (const raw of websockets) expect((await raw.request({ ping: 1 })).ping).toBe('pong');
  });

  it('past maxConnections of them in all, a new one is closed at once', async () => {
    const server = await startServer({ maxConnections: 1 });
    const held = new RawHttp(server.port);
    await held.connected;
    await expectClosedAtOnce(server.port);
    expect(held.socket.destroyed).toBe(false);
  });
});
