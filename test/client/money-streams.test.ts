import { describe, expect, it } from 'vitest';
import { ConnectionLostError, type StreamGap } from '../../src/client/node.js';
import { Reply, acceleratedClock, type AccountsConfig, type CallContext } from '../../src/server/index.js';
import { makeClient } from '../support/clients.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { buyRequest, scriptContracts } from '../support/scripted-contracts.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

const TOKEN = 'MoneyStreamTok1';
const P2P_TOKEN = 'MoneyStreamP2P1';
const accounts: AccountsConfig = {
  accounts: [
    {
      loginid: 'CR700002',
      currency: 'USD',
      balance: 1_000,
      is_virtual: false,
      tokens: [{ token: TOKEN, scopes: ['read', 'trade'] }],
    },
    {
      loginid: 'CR700003',
      currency: 'USD',
      balance: 1_000,
      is_virtual: false,
      tokens: [{ token: P2P_TOKEN, scopes: ['read', 'payments'] }],
    },
  ],
};
const quick = { minRetryDelayMs: 20, maxRetryDelayMs: 100, connectTimeoutMs: 1_000 };

async function tradingServer(options: { updates?: number; intervalMs?: number } = {}) {
  const server = await startServer({ accounts });
  const proxy = await FaultProxy.start(server.port);
  const contracts = scriptContracts(server, options);
  const order: string[] = [];
  server.onRequest(({ call }) => order.push(call));
  return { server, proxy, contracts, order, url: proxy.urlFor(server.url) };
}

type ContractMessage = {
  msg_type: string;
  buy?: { contract_id: number };
  proposal_open_contract?: { contract_id: number; is_sold: number };
};

describe('a buy stream across a drop', () => {
  it('is never bought again: after the reconnect it follows the same contract to is_sold through proposal_open_contract', async () => {
    const { server, contracts, order, url } = await tradingServer({ updates: 20, intervalMs: 20 });
    const client = makeClient({ url, ...quick });
    await client.authorize(TOKEN);
    const stream = client.subscribe(buyRequest({ subscribe: 1 }) as never);
    const gaps: StreamGap[] = [];
    stream.on('gap', (gap) => gaps.push(gap));
    const seen: ContractMessage[] = [];
    const done = (async () => {
      for await (const message of stream as AsyncIterable<ContractMessage>) seen.push(message);
    })();
    await until(() => seen.some((message) => message.msg_type === 'proposal_open_contract'));
    const serverIdBefore = stream.serverId;

    server.dropAll();
    await until(() => client.state.status === 'reconnecting');
    await done;

    expect(server.callCount('buy')).toBe(1);
    expect(contracts.contracts.size).toBe(1);
    const [contractId] = [...contracts.contracts.keys()];
    expect(seen[0]).toMatchObject({ msg_type: 'buy', buy: { contract_id: contractId } });
    const updates = seen.slice(1);
    expect(
      updates.every(
        (message) =>
          message.msg_type === 'proposal_open_contract' && message.proposal_open_contract!.contract_id === contractId,
      ),
    ).toBe(true);
    expect(updates.at(-1)!.proposal_open_contract!.is_sold).toBe(1);
    expect(updates.filter((message) => message.proposal_open_contract!.is_sold === 1)).toHaveLength(1);
    expect(gaps).toHaveLength(1);
    expect(stream.ended).toBe(true);
    expect(stream.serverId).not.toBe(serverIdBefore);
    // Re-authorized first, then followed by id: one buy, ever.
    expect(order.filter((call) => call === 'buy')).toHaveLength(1);
    expect(order.slice(order.lastIndexOf('authorize') + 1, order.lastIndexOf('authorize') + 2)).toEqual([
      'proposal_open_contract',
    ]);
    // It ended itself after is_sold: nothing is left to forget, on either side.
    expect(client.streamCount).toBe(0);
    await until(() => server.subscriptionCount === 0);
    expect(server.callCount('forget')).toBe(0);
  });

  it('survives several drops in a row, still with one buy', async () => {
    const { server, url } = await tradingServer({ updates: 40, intervalMs: 20 });
    const client = makeClient({ url, ...quick });
    await client.authorize(TOKEN);
    const stream = client.subscribe(buyRequest({ subscribe: 1 }) as never);
    const seen: ContractMessage[] = [];
    stream.on('data', (message) => seen.push(message as ContractMessage));
    let gaps = 0;
    stream.on('gap', () => gaps++);
    for (let drop = 0; drop < 3; drop++) {
      const before = seen.length;
      await until(() => seen.length > before && client.state.status === 'open');
      server.dropAll();
      await until(() => client.state.status !== 'open');
    }
    await until(() => stream.ended);
    expect(server.callCount('buy')).toBe(1);
    expect(server.callCount('proposal_open_contract')).toBe(3);
    expect(gaps).toBe(3);
    expect(seen.at(-1)!.proposal_open_contract!.is_sold).toBe(1);
  });

  it('sent but unanswered (a blackhole after the frame left): the handle ends with ConnectionLost { sent: true } and nothing is sent again', async () => {
    const { server, proxy, url } = await tradingServer();
    const restore = server.inject('buy', { delayMs: 60_000, times: 1 });
    const client = makeClient({ url, ...quick, pingIntervalMs: 50, pongTimeoutMs: 100 });
    await client.authorize(TOKEN);
    const stream = client.subscribe(buyRequest({ subscribe: 1 }) as never);
    const ended = new Promise<unknown>((resolve) => stream.on('error', resolve));
    await until(() => server.callCount('buy') === 1);
    proxy.blackhole();
    const error = await ended;
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect(error).toMatchObject({ sent: true });
    proxy.blackhole(false);
    await until(() => client.state.status === 'open');
    expect((await client.send({ ping: 1 })).ping).toBe('pong');
    expect(server.callCount('buy')).toBe(1);
    expect(client.streamCount).toBe(0);
    restore();
  });

  it('a stream unsubscribed by a listener while the drop settles others is not requested again', async () => {
    const { server, url } = await tradingServer();
    server.inject('buy', { delayMs: 60_000, times: 1 });
    const client = makeClient({ url, ...quick });
    await client.authorize(TOKEN);
    const buy = client.subscribe(buyRequest({ subscribe: 1 }) as never);
    const ticks = client.subscribe({ ticks: '1HZ100V' });
    await new Promise((resolve) => ticks.once('data', resolve));
    await until(() => server.callCount('buy') === 1);
    buy.on('error', () => void ticks.unsubscribe());
    server.dropAll();
    await until(() => client.state.status === 'open');
    expect((await client.send({ ping: 1 })).ping).toBe('pong');
    expect(ticks.ended).toBe(true);
    expect(server.callCount('ticks')).toBe(1);
    expect(client.streamCount).toBe(0);
    expect(server.subscriptionCount).toBe(0);
  });

  it('never sent (queued in an outage): it goes out once, after re-authorization, and is followed as usual', async () => {
    const { server, proxy, order, url } = await tradingServer({ updates: 3, intervalMs: 20 });
    const client = makeClient({ url, ...quick });
    await client.authorize(TOKEN);
    proxy.refuse(60_000);
    server.dropAll();
    await until(() => client.state.status === 'reconnecting');
    const stream = client.subscribe(buyRequest({ subscribe: 1 }) as never);
    const seen: ContractMessage[] = [];
    stream.on('data', (message) => seen.push(message as ContractMessage));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.callCount('buy')).toBe(0);
    proxy.refuse(0);
    await until(() => stream.ended);
    expect(server.callCount('buy')).toBe(1);
    expect(order.indexOf('buy')).toBeGreaterThan(order.lastIndexOf('authorize'));
    expect(seen.at(-1)!.proposal_open_contract!.is_sold).toBe(1);
  });

  it('a one-shot send of a buy with subscribe is never sent again either', async () => {
    const { server, proxy, url } = await tradingServer({ updates: 100 });
    const restore = server.inject('buy', { drop: true, times: 1 });
    const client = makeClient({ url, ...quick });
    await client.authorize(TOKEN);
    const reply = client.send(buyRequest({ subscribe: 1 }) as never).catch((error: unknown) => error);
    await until(() => server.callCount('buy') === 1);
    proxy.cut();
    expect(await reply).toMatchObject({ name: 'ConnectionLostError', sent: true });
    await until(() => client.state.status === 'open');
    await client.send({ ping: 1 });
    expect(server.callCount('buy')).toBe(1);
    restore();
  });

  it('a p2p order stream resumes by its order id through p2p_order_info, and the order is created once', async () => {
    const server = await startServer({ accounts });
    const sendUpdates = (context: CallContext, id: string, key: string) =>
      context.connection.streams.add('p2p_order', key, (subscription) => {
        const timer = setInterval(
          () =>
            context.connection.sendText(
              JSON.stringify({
                echo_req: context.echo.echo_req,
                msg_type: 'p2p_order_info',
                p2p_order_info: { id, status: 'pending' },
                req_id: context.echo.req_id,
                subscription: { id: subscription },
              }),
            ),
          20,
        );
        return { stop: () => clearInterval(timer), echoBytes: 0 };
      });
    server.handle(
      'p2p_order_create',
      (context) =>
        new Reply('p2p_order_create', {
          p2p_order_create: { id: '42', status: 'pending' },
          subscription: { id: sendUpdates(context, '42', 'create') },
        }),
    );
    const infoRequests: Record<string, unknown>[] = [];
    server.handle('p2p_order_info', (context) => {
      infoRequests.push(context.args);
      return new Reply('p2p_order_info', {
        p2p_order_info: { id: context.args.id, status: 'pending' },
        subscription: { id: sendUpdates(context, String(context.args.id), 'info') },
      });
    });
    const client = makeClient({ url: server.url, ...quick });
    await client.authorize(P2P_TOKEN);
    const order = client.subscribe({ p2p_order_create: 1, advert_id: '1', amount: 10, subscribe: 1 } as never);
    const types: string[] = [];
    order.on('data', (message) => types.push((message as { msg_type: string }).msg_type));
    let gaps = 0;
    order.on('gap', () => gaps++);
    await until(() => types.length >= 2);
    server.dropAll();
    await until(() => infoRequests.length === 1 && types.length >= 4);
    expect(server.callCount('p2p_order_create')).toBe(1);
    expect(infoRequests[0]).toMatchObject({ p2p_order_info: 1, id: '42', subscribe: 1 });
    expect(types[0]).toBe('p2p_order_create');
    expect(types.slice(1).every((type) => type === 'p2p_order_info')).toBe(true);
    expect(gaps).toBe(1);
    await order.unsubscribe();
  });
});

describe('a read-only stream refused with RateLimit', () => {
  it('is requested again after a backoff, and the handle carries on', async () => {
    const server = await startServer({ clock: acceleratedClock(20) });
    server.inject('ticks', {
      error: { code: 'RateLimit', message: 'You have reached the rate limit for ticks.' },
      times: 1,
    });
    const client = makeClient({ url: server.url, ...quick });
    const ticks = client.subscribe({ ticks: '1HZ100V' });
    const errors: unknown[] = [];
    ticks.on('error', (error) => errors.push(error));
    const first = await new Promise((resolve) => ticks.once('data', resolve));
    expect(first).toMatchObject({ msg_type: 'tick' });
    expect(server.callCount('ticks')).toBe(2);
    expect(errors).toEqual([]);
    await ticks.unsubscribe();
  });
});
