import { describe, expect, it } from 'vitest';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';

describe('frames and the request pipeline', () => {
  it('closes with 1009 when a frame exceeds 256 KiB', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    raw.send(JSON.stringify({ ping: 1, passthrough: { pad: 'x'.repeat(300 * 1024) } }));
    expect((await raw.closed).code).toBe(1009);
  });

  it('accepts a frame just under 256 KiB', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    const reply = await raw.request({
      ping: 1,
      passthrough: { a: ['x'.repeat(200), 'y'.repeat(200)] },
      pad: 'z'.repeat(255 * 1024),
    });
    expect(reply.error.code).toBe('SanityCheckFailed');
  });

  it('closes with 1007 on invalid JSON', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    raw.send('{bad json');
    expect((await raw.closed).code).toBe(1007);
  });

  it('closes with 1007 on invalid UTF-8', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    raw.socket.send(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), { binary: false });
    expect((await raw.closed).code).toBe(1007);
  });

  it('closes with 1003 on a binary frame', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    raw.socket.send(Buffer.from('{"ping":1}'), { binary: true });
    expect((await raw.closed).code).toBe(1003);
  });

  it.each([['[]'], ['"ping"'], ['42'], ['null']])(
    'answers BadRequest to JSON that is not an object: %s',
    async (text) => {
      const server = await startServer();
      const raw = await RawSocket.open(server.url);
      expect(await raw.request(text)).toEqual({
        echo_req: {},
        error: { code: 'BadRequest', message: 'The application sent an invalid request.' },
        msg_type: 'error',
      });
    },
  );

  it('answers UnrecognisedRequest to an unknown call, echoing req_id and passthrough', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ nope: 1, req_id: 3, passthrough: { mine: true } })).toEqual({
      echo_req: { nope: 1, req_id: 3, passthrough: { mine: true } },
      error: { code: 'UnrecognisedRequest', message: 'Unrecognised request' },
      msg_type: 'error',
      req_id: 3,
      passthrough: { mine: true },
    });
  });

  it('answers InputValidationFailed to a req_id that is not an integer, with the req_id as sent', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ ping: 1, req_id: 'x' })).toEqual({
      echo_req: { ping: 1, req_id: 'x' },
      error: {
        code: 'InputValidationFailed',
        message: 'Input validation failed: req_id',
        details: { req_id: 'Expected integer - got string.' },
      },
      msg_type: 'ping',
      req_id: 'x',
    });
  });

  // The validator would coerce each of these to an integer the client never sent, and the
  // reply would carry no req_id it could match: each is refused, and the refusal names it as sent.
  it.each([
    ['true', true, 'boolean'],
    ['null', null, 'null'],
    ['"5.0"', '5.0', 'string'],
    // 1e309 parses as Infinity, which JSON writes as null: the nearest the server can send back.
    ['1e309', null, 'number'],
  ])('refuses a req_id of %s that coercion would change, and echoes it as sent', async (text, asSent, type) => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    raw.send(`{"ping":1,"req_id":${text}}`);
    expect(await raw.message(0)).toEqual({
      echo_req: { ping: 1, req_id: asSent },
      error: {
        code: 'InputValidationFailed',
        message: 'Input validation failed: req_id',
        details: { req_id: `Expected integer - got ${type}.` },
      },
      msg_type: 'ping',
      req_id: asSent,
    });
  });

  it('carries a refused req_id as sent on refusals before validation too', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ nope: 1, req_id: true })).toMatchObject({
      error: { code: 'UnrecognisedRequest' },
      req_id: true,
    });
    expect(await raw.request({ ping: 1, req_id: true, 'bad key': 1 })).toMatchObject({
      error: { code: 'SanityCheckFailed' },
      req_id: true,
    });
  });

  it('coerces a numeric string req_id, as the real validator does', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ ping: 1, req_id: '5' })).toEqual({
      echo_req: { ping: 1, req_id: '5' },
      msg_type: 'ping',
      ping: 'pong',
      req_id: 5,
    });
  });

  it('answers InputValidationFailed to a passthrough that is not an object', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    const reply = await raw.request({ ping: 1, passthrough: 'abc', req_id: 2 });
    expect(reply.error).toEqual({
      code: 'InputValidationFailed',
      message: 'Input validation failed: passthrough',
      details: { passthrough: 'Expected object - got string.' },
    });
    expect(reply.req_id).toBe(2);
  });

  it('answers InputValidationFailed to a bad call value and to extra properties', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ ping: 2 })).error).toEqual({
      code: 'InputValidationFailed',
      message: 'Input validation failed: ping',
      details: { ping: 'Not in enum list: 1.' },
    });
    // Two call keys: the alphabetically first is the call, the other an extra property.
    const both = await raw.request({ time: 1, ping: 1 });
    expect(both.msg_type).toBe('ping');
    expect(both.error).toEqual({
      code: 'InputValidationFailed',
      message: 'Input validation failed: Properties not allowed: time.',
    });
  });

  it('answers SanityCheckFailed to an over-long key, before dispatch', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ ping: 1, ['k'.repeat(51)]: 1, req_id: 4 })).toEqual({
      echo_req: { ping: 1, ['k'.repeat(51)]: 1, req_id: 4 },
      error: { code: 'SanityCheckFailed', message: 'Parameters sanity check failed.' },
      msg_type: 'error',
      req_id: 4,
    });
    expect((await raw.request({ ping: 1, ['k'.repeat(50)]: 1 })).error.code).toBe('InputValidationFailed');
  });

  it('answers SanityCheckFailed to bad characters, a bad inner key, and over-long values', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ ping: '\u0BF0' })).error.code).toBe('SanityCheckFailed');
    expect((await raw.request({ ping: 1, passthrough: { 'bad key': 1 } })).error.code).toBe('SanityCheckFailed');
    expect((await raw.request({ ping: 1, passthrough: { note: 'x'.repeat(301) } })).error.code).toBe(
      'SanityCheckFailed',
    );
    expect((await raw.request({ ping: 1, passthrough: { note: 'x'.repeat(300) } })).ping).toBe('pong');
    // Letters of any script are sane; so are password fields, whatever they hold.
    expect((await raw.request({ ping: 1, passthrough: { note: 'Привет 你好' } })).ping).toBe('pong');
  });

  it('masks sensitive fields in every echo', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    const reply = await raw.request({ authorize: 'a1-abcdefghijklmnopqrstuvwxyz123', req_id: 9 });
    expect(reply.echo_req).toEqual({ authorize: '<not shown>', req_id: 9 });
    expect(JSON.stringify(reply)).not.toContain('a1-abcdefghijklmnopqrstuvwxyz123');
  });

  it('answers a known but unsimulated call with NotSimulated naming it, never with silence', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ residence_list: 1, req_id: 1 })).toEqual({
      echo_req: { residence_list: 1, req_id: 1 },
      error: {
        code: 'NotSimulated',
        message: 'The local deriv-ws server does not simulate residence_list yet.',
        details: { call: 'residence_list' },
      },
      msg_type: 'residence_list',
      req_id: 1,
    });
  });

  it('still validates the call key of an unsimulated call', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ landing_company_details: 'atlantis' })).error.code).toBe('InputValidationFailed');
  });

  it('replaces a reply over the size limit with ResponseTooLarge and keeps the connection', async () => {
    const server = await startServer({ maxResponseBytes: 500 });
    const raw = await RawSocket.open(server.url);
    expect(await raw.request({ website_status: 1, req_id: 3 })).toEqual({
      echo_req: { website_status: 1, req_id: 3 },
      error: { code: 'ResponseTooLarge', message: 'Response too large.' },
      msg_type: 'error',
      req_id: 3,
    });
    expect((await raw.request({ ping: 1 })).ping).toBe('pong');
  });
});
