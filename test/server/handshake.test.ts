import { describe, expect, it } from 'vitest';
import { RawHttp, requestText, UPGRADE_HEADERS } from '../support/raw-http.js';
import { RawSocket, handshakeRefusal } from '../support/raw-socket.js';
import { startServer, urlWith } from '../support/servers.js';

describe('handshake', () => {
  it('upgrades on /websockets/v3 with a valid app_id', async () => {
    const server = await startServer();
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}/websockets/v3?app_id=1089`);
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ ping: 1 })).toEqual({ echo_req: { ping: 1 }, msg_type: 'ping', ping: 'pong' });
  });

  it('answers 404 on any other path', async () => {
    const server = await startServer();
    expect((await handshakeRefusal(urlWith(server, 'app_id=1089', '/websockets/v2'))).status).toBe(404);
    expect((await handshakeRefusal(urlWith(server, 'app_id=1089', '/'))).status).toBe(404);
  });

  it.each([
    ['missing', ''],
    ['empty', 'app_id='],
    ['zero', 'app_id=0'],
    ['leading zero', 'app_id=01089'],
    ['letters', 'app_id=abc'],
    ['twenty digits', 'app_id=12345678901234567890'],
    ['negative', 'app_id=-1'],
  ])('refuses a %s app_id with 401 {"error":"InvalidAppID"} before upgrading', async (_name, query) => {
    const server = await startServer();
    expect(await handshakeRefusal(urlWith(server, query))).toEqual({ status: 401, body: '{"error":"InvalidAppID"}' });
    expect(server.connectionCount).toBe(0);
  });

  it('accepts nineteen digits', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(urlWith(server, 'app_id=1234567890123456789'));
    expect((await raw.request({ ping: 1 })).ping).toBe('pong');
  });

  it('answers the language in Content-Language, defaulting to en', async () => {
    const server = await startServer();
    const language = async (query: string) => {
      const raw = new RawSocket(urlWith(server, query));
      const header = await new Promise<string | undefined>((resolve) =>
        raw.socket.once('upgrade', (response) => resolve(response.headers['content-language'])),
      );
      await raw.opened;
      return header;
    };
    expect(await language('app_id=1089&l=zh_cn')).toBe('zh_cn');
    expect(await language('app_id=1089&l=ES')).toBe('es');
    expect(await language('app_id=1089&l=english')).toBe('en');
    expect(await language('app_id=1089')).toBe('en');
  });

  it('never lets the l parameter into the 101 response: CR LF in it means EN', async () => {
    const server = await startServer();
    for (const l of ['%0D%0A', '%0D%0A_%0D%0A', '%0D%0AX-Injected:%20yes', '%C3%A9%C3%A9']) {
      const raw = new RawHttp(server.port);
      raw.write(requestText(`/websockets/v3?app_id=1089&l=${l}`, UPGRADE_HEADERS));
      const head = (await raw.until(/\r\n\r\n/)).split('\r\n\r\n')[0]!;
      expect(head.split('\r\n')).toEqual([
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        expect.stringMatching(/^Sec-WebSocket-Accept: \S+$/),
        'Content-Language: en',
      ]);
    }
  });

  describe('with an app id allowlist', () => {
    it('lets in-process calls through, then answers InvalidAppID to a back-end call and closes without status', async () => {
      const server = await startServer({ appIds: [1089] });
      const raw = await RawSocket.open(urlWith(server, 'app_id=4242'));
      expect((await raw.request({ ping: 1, req_id: 1 })).ping).toBe('pong');
      expect((await raw.answered({ time: 1 })).msg_type).toBe('time');
      expect(await raw.request({ website_status: 1, req_id: 7 })).toEqual({
        echo_req: { website_status: 1, req_id: 7 },
        error: { code: 'InvalidAppID', message: 'Your app_id is invalid.' },
        msg_type: 'website_status',
        req_id: 7,
      });
      expect((await raw.closed).code).toBe(1005);
    });

    it('serves registered ids as usual', async () => {
      const server = await startServer({ appIds: ['1089'] });
      const raw = await RawSocket.open(server.url);
      expect((await raw.answered({ website_status: 1 })).msg_type).toBe('website_status');
    });
  });

  it('answers a plain HTTP request to the WebSocket path with 426', async () => {
    const server = await startServer();
    const response = await fetch(`http://127.0.0.1:${server.port}/websockets/v3?app_id=1089`);
    expect(response.status).toBe(426);
  });
});
