// Tests of your own code against the local server: copy this file into your project.
// Each test starts a server on a free port and a client for it, and closes both when it ends,
// so tests run in parallel, offline, and leave nothing behind.
//
//   npx vitest run examples/local-server.test.ts
import { DerivClient, DerivError } from 'deriv-ws';
import { acceleratedClock, createServer, type ServerOptions } from 'deriv-ws/server';
import { describe, expect, it, onTestFinished } from 'vitest';

async function connectToLocalServer(options: ServerOptions = {}) {
  const server = await createServer({ port: 0, ...options });
  onTestFinished(() => server.close());
  const client = new DerivClient({ url: server.url });
  // Registered last, so it runs first: the client says goodbye before its server goes.
  onTestFinished(() => client.close());
  return { server, client };
}

describe('my bot, against the local server', () => {
  it('gets a pong', async () => {
    const { client } = await connectToLocalServer();
    const reply = await client.send({ ping: 1 });
    expect(reply.ping).toBe('pong');
  });

  it('reads ticks in order, the market sped up 20 times so the test takes a fraction of a second', async () => {
    const { client } = await connectToLocalServer({ clock: acceleratedClock(20) });
    const epochs: number[] = [];
    for await (const { tick } of client.subscribe({ ticks: '1HZ100V' })) {
      expect(tick).toMatchObject({ symbol: '1HZ100V', epoch: expect.any(Number), quote: expect.any(Number) });
      epochs.push(tick.epoch as number);
      if (epochs.length === 3) break;
    }
    expect(epochs[1]).toBeGreaterThan(epochs[0]!);
    expect(epochs[2]).toBeGreaterThan(epochs[1]!);
  });

  it('authorizes with the demo account: virtual, 10 000 USD', async () => {
    const { server, client } = await connectToLocalServer();
    const { authorize } = await client.authorize(server.demoToken!);
    expect(authorize.is_virtual).toBe(1);
    expect(authorize.loginid).toMatch(/^VRTC\d+$/);
    const { balance } = await client.send({ balance: 1 });
    expect(balance).toMatchObject({ balance: 10_000, currency: 'USD' });
  });

  it('refuses a bad token with the same error code as Deriv', async () => {
    const { client } = await connectToLocalServer();
    const refusal = await client.authorize('not-a-token-at-all').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DerivError);
    expect((refusal as DerivError).code).toBe('InvalidToken');
  });
});
