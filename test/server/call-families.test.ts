import { describe, expect, it, onTestFinished } from 'vitest';
import { FAMILIES } from '../../src/server/calls/families.js';
import type { AnyCallFamily, CallFamily, ConnectionSlot } from '../../src/server/calls/family.js';
import { startServer } from '../../src/server/server.js';
import { RawSocket } from '../support/raw-socket.js';
import { until } from '../support/until.js';

/** A family of our own, to see that the seam is all a family needs: it is given to the server in the list, nothing else. */
function counterFamily(log: string[], name = 'counter') {
  const slot: ConnectionSlot<{ count: number }> = {
    name: `${name} per connection`,
    create: () => ({ count: 0 }),
    teardown: (state) => log.push(`${name} teardown ${state.count}`),
  };
  const undeclared: ConnectionSlot<number> = { name: 'undeclared', create: () => 0 };
  const family: CallFamily<{ counted: { total: number } }> = {
    name,
    calls: [
      {
        name: `${name}_count`,
        schema: { type: 'object', required: [`${name}_count`] },
        handle: ({ connection, services }) => {
          const counted = (services as unknown as { counted: { total: number } }).counted;
          counted.total++;
          return ++connection.state(slot).count;
        },
      },
      {
        name: `${name}_undeclared`,
        schema: { type: 'object' },
        handle: ({ connection }) => connection.state(undeclared),
      },
    ],
    start: () => {
      log.push(`${name} start`);
      return { services: { counted: { total: 0 } }, stop: () => void log.push(`${name} stop`) };
    },
    connectionState: slot,
    websiteStatus: ({ counted }) => ({ [`${name}_total`]: counted.total }),
  };
  return family;
}

async function serverWith(families: readonly AnyCallFamily[]) {
  const server = await startServer({ host: '127.0.0.1', port: 0 }, families);
  onTestFinished(() => server.close());
  return server;
}

describe('a call family is one folder and one entry in the family list', () => {
  it('brings its handlers, its services, its website_status fields and its per-connection state with teardown', async () => {
    const log: string[] = [];
    const server = await serverWith([...FAMILIES, counterFamily(log)]);
    const first = await RawSocket.open(server.url);
    const second = await RawSocket.open(server.url);
    expect((await first.request({ counter_count: 1 })).counter_count).toBe(1);
    expect((await first.request({ counter_count: 1 })).counter_count).toBe(2);
    expect((await second.request({ counter_count: 1 })).counter_count).toBe(1);

    const status = (await first.request({ website_status: 1 })).website_status;
    expect(status.counter_total).toBe(3);
    // The built-in families' fields are all there, in key order.
    expect(Object.keys(status)).toEqual([
      'api_call_limits',
      'clients_country',
      'counter_total',
      'currencies_config',
      'site_status',
      'supported_languages',
      'terms_conditions_version',
    ]);

    first.socket.close();
    await until(() => log.includes('counter teardown 2'));
    await server.close();
    // Torn down once per connection that used it; the family stops after every connection is gone.
    expect(log).toEqual(['counter start', 'counter teardown 2', 'counter teardown 1', 'counter stop']);
  });

  it('may not use state no family declares: the call fails, the connection goes on', async () => {
    const server = await serverWith([...FAMILIES, counterFamily([])]);
    const raw = await RawSocket.open(server.url);
    expect((await raw.request({ counter_undeclared: 1 })).error.code).toBe('InternalServerError');
    expect((await raw.request({ ping: 1 })).ping).toBe('pong');
  });

  it('start in list order and stop in reverse; one that fails to start stops those before it, and nothing listens', async () => {
    const log: string[] = [];
    const server = await serverWith([counterFamily(log, 'a'), ...FAMILIES, counterFamily(log, 'b')]);
    await server.close();
    expect(log).toEqual(['a start', 'b start', 'b stop', 'a stop']);

    const failing: CallFamily = { name: 'broken', calls: [], start: () => Promise.reject(new Error('cannot start')) };
    log.length = 0;
    await expect(startServer({ port: 0 }, [counterFamily(log, 'a'), ...FAMILIES, failing])).rejects.toThrow(
      'cannot start',
    );
    expect(log).toEqual(['a start', 'a stop']);
  });
});
