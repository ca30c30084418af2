import { describe, expect, it } from 'vitest';
import { CALLS } from '../../src/protocol/calls.js';
import { NOT_SHOWN } from '../../src/protocol/envelope.js';
import { RawSocket } from '../support/raw-socket.js';
import { startServer } from '../support/servers.js';

// Passes the sanity check and every pattern a sensitive field has (15–32 word characters).
const SECRET = 'TopSecretValue7788';

/** Every (call, field) the call table marks sensitive. */
const SENSITIVE_PAIRS = [...CALLS.values()].flatMap((call) =>
  call.sensitive.map((field) => [call.name, field] as const),
);

describe('sensitive fields are never echoed', () => {
  it('the call table marks the fields the issue found in clear', () => {
    expect(SENSITIVE_PAIRS).toEqual(
      expect.arrayContaining([
        ['authorize', 'authorize'],
        ['authorize', 'tokens'],
        ['copy_start', 'copy_start'],
        ['copy_stop', 'copy_stop'],
        ['api_token', 'delete_token'],
        ['new_account_real', 'secret_answer'],
        ['set_settings', 'secret_answer'],
        ['mt5_password_change', 'old_password'],
      ]),
    );
  });

  // Walks the whole table: each sensitive field, sent to its own call, comes back as <not shown>,
  // whatever the call answers (a refusal, AuthorizationRequired, NotSimulated).
  it.each(SENSITIVE_PAIRS)('%s masks %s', async (call, field) => {
    const server = await startServer({ rateLimits: false });
    const raw = await RawSocket.open(server.url);
    const request = field === call ? { [call]: SECRET, req_id: 1 } : { [call]: 1, [field]: SECRET, req_id: 1 };
    const from = raw.messages.length;
    raw.socket.send(JSON.stringify(request));
    const text = await new Promise<string>((resolve) =>
      raw.socket.once('message', (data: Buffer) => resolve(data.toString())),
    );
    const reply = await raw.message(from);
    expect(reply.req_id).toBe(1);
    expect(reply.echo_req[field]).toBe(NOT_SHOWN);
    expect(text).not.toContain(SECRET);
  });

  it('masks a sensitive field under another call, under no known call, and deeper down', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    for (const request of [
      { ping: 1, secret_answer: SECRET },
      { nope: 1, delete_token: SECRET },
      { ping: 1, x: { tokens: [SECRET], y: [{ copy_start: SECRET }] } },
    ]) {
      raw.socket.send(JSON.stringify(request));
      const text = await new Promise<string>((resolve) =>
        raw.socket.once('message', (data: Buffer) => resolve(data.toString())),
      );
      expect(text).toContain(NOT_SHOWN);
      expect(text).not.toContain(SECRET);
    }
  });

  it('echoes passthrough verbatim, in echo_req too: it is the client’s own data', async () => {
    const server = await startServer();
    const raw = await RawSocket.open(server.url);
    const passthrough = { authorize: 'mine', password: 'mine too', nested: { tokens: ['kept'] } };
    expect(await raw.request({ ping: 1, passthrough })).toEqual({
      echo_req: { ping: 1, passthrough },
      msg_type: 'ping',
      ping: 'pong',
      passthrough,
    });
  });
});
