import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ConnectionLostError, DerivError, InvalidArgumentError } from '../../src/client/node.js';
import { answer, startBareServer } from '../support/bare-server.js';
import { makeClient } from '../support/clients.js';

/**
 * A server that answers every request with garbage first, then with the right reply, so the
 * test sees that the client survives the one and still settles the other.
 */
describe('the client and a misbehaving server', () => {
  it('reports non-JSON, binary and non-object frames as error events, and carries on', async () => {
    const bare = await startBareServer((request, socket) => {
      socket.send('{not json');
      socket.send(Buffer.from([1, 2, 3]), { binary: true });
      socket.send('[1,2,3]');
      socket.send('"a string"');
      socket.send('null');
      answer(socket, request, 'ping', 'pong');
    });
    const client = makeClient({ url: bare.url, pingIntervalMs: 0 });
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    expect((await client.send({ ping: 1 })).ping).toBe('pong');
    expect(errors.map((e) => e.message)).toEqual([
      'the server sent a frame that is not JSON',
      'the server sent a binary frame; v3 speaks JSON text',
      'the server sent JSON that is not an object',
      'the server sent JSON that is not an object',
      'the server sent JSON that is not an object',
    ]);
    for (const error of errors) expect(error).toBeInstanceOf(InvalidArgumentError);
  });

  it('ignores unknown, missing and repeated req_ids, and stream messages nobody asked for', async () => {
    const sockets = new Set<WebSocket>();
    const bare = await startBareServer((request, socket) => {
      sockets.add(socket);
      socket.send(JSON.stringify({ msg_type: 'ping', ping: 'pong', echo_req: {}, req_id: 999_999 }));
      socket.send(JSON.stringify({ msg_type: 'ping', ping: 'pong', echo_req: {} }));
      socket.send(
        JSON.stringify({
          msg_type: 'tick',
          tick: { epoch: 1, symbol: 'X' },
          subscription: { id: 'nobody' },
          echo_req: {},
        }),
      );
      socket.send(JSON.stringify({ msg_type: 'ping', ping: 'pong', echo_req: {}, req_id: 'one' }));
      answer(socket, request, 'ping', 'pong');
      // The same reply again, after the call has settled.
      answer(socket, request, 'ping', 'pong');
    });
    const client = makeClient({ url: bare.url, pingIntervalMs: 0 });
    const seen: unknown[] = [];
    client.on('message', (message) => seen.push(message));
    expect((await client.send({ ping: 1 })).req_id).toBe(1);
    expect((await client.send({ ping: 1 })).req_id).toBe(2);
    expect(seen.length).toBe(12);
    expect(client.pendingCount).toBe(0);
    expect(sockets.size).toBe(1);
  });

  it('routes an error by req_id even when its msg_type names another call', async () => {
    const bare = await startBareServer((request, socket) => {
      socket.send(
        JSON.stringify({
          echo_req: request,
          error: { code: 'WrongResponse', message: 'Sorry.' },
          msg_type: 'tick',
          req_id: request.req_id,
        }),
      );
    });
    const client = makeClient({ url: bare.url, pingIntervalMs: 0 });
    const error = await client.send({ time: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DerivError);
    expect(error).toMatchObject({ code: 'WrongResponse', msg_type: 'tick' });
  });

  it('settles with a DerivError whatever shape the error field has', async () => {
    const shapes = [{ error: 'just a string' }, { error: { code: 42 } }, { error: { message: ['x'] } }];
    let n = 0;
    const bare = await startBareServer((request, socket) => {
      socket.send(JSON.stringify({ echo_req: request, msg_type: 'time', req_id: request.req_id, ...shapes[n++] }));
    });
    const client = makeClient({ url: bare.url, pingIntervalMs: 0 });
    const first = await client.send({ time: 1 });
    expect(first.error).toBe('just a string');
    for (let i = 1; i < shapes.length; i++) {
      const error = await client.send({ time: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DerivError);
      expect((error as DerivError).code).toBe('UnknownError');
    }
  });

  it('takes a huge message', async () => {
    const bare = await startBareServer((request, socket) =>
      answer(socket, request, 'time', 'x'.repeat(5 * 1024 * 1024)),
    );
    const client = makeClient({ url: bare.url, pingIntervalMs: 0 });
    expect(((await client.send({ time: 1 })) as { time: unknown }).time).toHaveLength(5 * 1024 * 1024);
  });

  it('treats a stream error after confirmation as the end of that stream only', async () => {
    const bare = await startBareServer((request, socket) => {
      if (!('ticks' in request)) return answer(socket, request, 'ping', 'pong');
      const id = `sub-${request.req_id}`;
      socket.send(
        JSON.stringify({
          echo_req: request,
          msg_type: 'tick',
          req_id: request.req_id,
          subscription: { id },
          tick: { epoch: 1, symbol: request.ticks },
        }),
      );
      socket.send(
        JSON.stringify({
          echo_req: request,
          error: { code: 'MarketIsClosed', message: 'The market is closed.' },
          msg_type: 'tick',
          req_id: request.req_id,
        }),
      );
    });
    const client = makeClient({ url: bare.url, pingIntervalMs: 0 });
    const subscription = client.subscribe({ ticks: 'R_50' });
    const error = await (async () => {
      try {
        for await (const _ of subscription);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ code: 'MarketIsClosed' });
    expect((await client.send({ ping: 1 })).ping).toBe('pong');
  });

  it('a server that closes mid-reply leaves no call hanging', async () => {
    const bare = await startBareServer((_request, socket) => {
      socket.send('{"echo_req":{},"msg_type":"ti');
      socket.terminate();
    });
    const client = makeClient({ url: bare.url, pingIntervalMs: 0, reconnect: false });
    client.on('error', () => {});
    await expect(client.send({ time: 1 })).rejects.toBeInstanceOf(ConnectionLostError);
  });
});
