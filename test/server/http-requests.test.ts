import { describe, expect, it } from 'vitest';
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

  it.each(unparseable)('answers an upgrade to %s with 400 {"error":"BadRequest"}, and the server stays up', async (target) => {
    const server = await startServer();
    const response = await exchange(server.port, requestText(target, UPGRADE_HEADERS));
    expect(response).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 22\r\n\r\n{"error":"BadRequest"}');
    expect((await (await RawSocket.open(server.url)).request({ ping: 1 })).ping).toBe('pong');
  });

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
      requestText('/x', keepAlive) + requestText('//[', keepAlive) + requestText('/websockets/v3', keepAlive) + requestText('/y'),
    );
    expect(statusCodes(response)).toEqual([404, 400, 426, 404]);
  });
});
