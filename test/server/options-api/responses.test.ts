import { describe, expect, it } from 'vitest';
import { OPTIONS_RESPONSE_CHANGES } from '../../../src/protocol/options-renames.js';
import { RawSocket } from '../../support/raw-socket.js';
import { ManualClock } from '../../support/manual-clock.js';
import { connectAs, START, TRADER } from '../trading/sandbox.js';
import { CALL_5T } from './requests.js';
import { accountSocket, optionsServer, publicUrl } from './support.js';

/** A multiplier: its view has the fields the new API retypes (bid, spot, profit) from the start. */
const MULTUP = {
  contract_type: 'MULTUP',
  underlying_symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 10,
  multiplier: 100,
};

const removedFrom = (msgType: string, part: 'payload' | 'item') =>
  OPTIONS_RESPONSE_CHANGES[msgType]![part]!.removed ?? [];

async function bothApis() {
  const server = await optionsServer();
  const [options, v3] = await Promise.all([RawSocket.open(publicUrl(server)), RawSocket.open(server.url)]);
  return { server, options, v3 };
}

describe('responses on the new API', () => {
  it('active_symbols: each item renamed, the removed fields gone, the values v3 has', async () => {
    const { options, v3 } = await bothApis();
    for (const kind of ['brief', 'full']) {
      const items = (await options.answered({ active_symbols: kind })).active_symbols;
      const old = (await v3.answered({ active_symbols: kind })).active_symbols;
      expect(items).toHaveLength(old.length);
      items.forEach((item: Record<string, unknown>, i: number) => {
        expect(item.underlying_symbol).toBe(old[i].symbol);
        expect(item.underlying_symbol_name).toBe(old[i].display_name);
        expect(item.underlying_symbol_type).toBe(old[i].symbol_type);
        expect(item.pip_size).toBe(old[i].pip);
        for (const gone of ['symbol', 'display_name', 'symbol_type', 'pip', ...removedFrom('active_symbols', 'item')])
          expect(item, `${kind} ${gone}`).not.toHaveProperty(gone);
        for (const required of ['exchange_is_open', 'is_trading_suspended', 'market', 'subgroup', 'submarket'])
          expect(item).toHaveProperty(required);
      });
    }
  });

  it('contracts_for: items carry underlying_symbol; the removed fields are gone', async () => {
    const { options, v3 } = await bothApis();
    const payload = (await options.answered({ contracts_for: 'R_100' })).contracts_for;
    const old = (await v3.answered({ contracts_for: 'R_100' })).contracts_for;
    for (const gone of removedFrom('contracts_for', 'payload')) expect(payload).not.toHaveProperty(gone);
    expect(payload.available).toHaveLength(old.available.length);
    for (const item of payload.available) {
      expect(item.underlying_symbol).toBe('R_100');
      for (const gone of removedFrom('contracts_for', 'item')) expect(item).not.toHaveProperty(gone);
      for (const required of ['barriers', 'contract_category', 'contract_type', 'expiry_type', 'market', 'sentiment'])
        expect(item).toHaveProperty(required);
    }
  });

  it('contracts_list: every contract type once, with the symbols offering it', async () => {
    const { options, v3 } = await bothApis();
    const list = (await options.answered({ contracts_list: 1, req_id: 1 })).contracts_list;
    const offered = (await v3.answered({ contracts_for: 'R_100' })).contracts_for.available;
    const types = [...new Set(offered.map((row: { contract_type: string }) => row.contract_type))].sort();
    expect(list.map((item: { contract_type: string }) => item.contract_type)).toEqual(types);
    const call = list.find((item: { contract_type: string }) => item.contract_type === 'CALL');
    expect(call).toEqual({
      contract_type: 'CALL',
      contract_category: 'callput',
      sentiment: 'up',
      underlying_symbols: expect.arrayContaining(['R_100', '1HZ100V']),
    });
  });

  it('proposal and its stream: the echo in new names, the same id', async () => {
    const { options } = await bothApis();
    // A barrier away from the spot: an at-the-money binary's price never moves, so it is not streamed.
    const request = {
      proposal: 1,
      ...CALL_5T,
      duration: 5,
      duration_unit: 'm',
      barrier: '+0.5',
      subscribe: 1,
      req_id: 7,
    };
    const first = await options.answered(request);
    expect(first.echo_req).toEqual(request);
    const id = first.subscription.id;
    expect(first.proposal.id).toBe(id);
    const next = await options.message(1);
    expect(next).toMatchObject({ msg_type: 'proposal', req_id: 7, echo_req: request, subscription: { id } });
    expect(next.proposal).toMatchObject({ id, ask_price: expect.any(Number), spot: expect.any(Number) });
  });

  it('ticks keep symbol, in the reply and the stream', async () => {
    const { options } = await bothApis();
    options.send({ ticks: '1HZ100V', req_id: 2 });
    for (const index of [0, 1]) {
      const tick = (await options.message(index)).tick;
      expect(tick.symbol).toBe('1HZ100V');
      expect(tick).not.toHaveProperty('underlying_symbol');
    }
  });

  it('account calls: balance, buy, the open contract as strings, portfolio, transaction, statement, profit_table', async () => {
    const clock = new ManualClock(START * 1000 + 100);
    const server = await optionsServer({ clock });
    const raw = await accountSocket(server);
    expect((await raw.answered({ balance: 1 })).balance).toEqual({
      balance: 10_000,
      currency: 'USD',
      loginid: 'VRTC700001',
    });
    const balanceStream = await raw.requestById({ balance: 1, subscribe: 1, req_id: 1 });
    expect(Object.keys(balanceStream.balance).sort()).toEqual(['balance', 'currency', 'id', 'loginid']);
    const transactions = await raw.requestById({ transaction: 1, subscribe: 1, req_id: 2 });
    const from = raw.messages.length;

    const bought = await raw.requestById({ buy: '1', price: 10, parameters: MULTUP, subscribe: 1, req_id: 3 });
    expect(bought.buy).toMatchObject({ buy_price: 10, contract_id: expect.any(Number), balance_after: 9_990 });
    const contractId = bought.buy.contract_id;

    const view = (await raw.requestById({ proposal_open_contract: 1, contract_id: contractId, req_id: 4 }))
      .proposal_open_contract;
    expect(view).toMatchObject({ underlying_symbol: 'R_100', buy_price: '10.00', payout: '0.00' });
    for (const field of ['bid_price', 'profit', 'current_spot']) expect(view[field], field).toBeTypeOf('string');
    expect(Number(view.profit)).toBeCloseTo(Number(view.bid_price) - 10, 2);
    for (const gone of [
      'underlying',
      'display_name',
      'sell_spot',
      'current_spot_display_value',
      'entry_spot_display_value',
    ])
      expect(view).not.toHaveProperty(gone);

    // The buy's own stream and the transaction stream, renamed too.
    clock.advanceTo(START + 4);
    const streamed = async (msgType: string, id: string) => {
      for (let i = from; ; i++) {
        const message = await raw.message(i);
        if (
          message.msg_type === msgType &&
          message.subscription?.id === id &&
          message[msgType].contract_id === contractId
        )
          return message[msgType];
      }
    };
    const openView = await streamed('proposal_open_contract', bought.subscription.id);
    expect(openView).toMatchObject({ underlying_symbol: 'R_100', buy_price: '10.00', id: bought.subscription.id });
    const row = await streamed('transaction', transactions.subscription.id);
    expect(row).toMatchObject({ action: 'buy', underlying_symbol: 'R_100', id: transactions.subscription.id });
    for (const gone of ['symbol', ...removedFrom('transaction', 'payload')]) expect(row).not.toHaveProperty(gone);

    const [contract] = (await raw.requestById({ portfolio: 1, req_id: 5 })).portfolio.contracts;
    expect(contract).toMatchObject({ contract_id: contractId, underlying_symbol: 'R_100' });
    expect(contract).not.toHaveProperty('symbol');
    expect(contract).not.toHaveProperty('app_id');

    expect((await raw.requestById({ sell: contractId, price: 0, req_id: 6 })).error).toBeUndefined();
    const statement = (await raw.requestById({ statement: 1, req_id: 7 })).statement.transactions;
    expect(statement.map((item: { action_type: string }) => item.action_type)).toEqual(['sell', 'buy', 'deposit']);
    for (const item of statement) expect(item).not.toHaveProperty('app_id');
    const [profit] = (await raw.requestById({ profit_table: 1, description: 1, req_id: 8 })).profit_table.transactions;
    expect(profit).toMatchObject({ contract_id: contractId, underlying_symbol: 'R_100' });
    expect(profit).not.toHaveProperty('symbol');
  });

  it('one ledger: a buy on either API shows in the other statement of the same account', async () => {
    const server = await optionsServer();
    const options = await accountSocket(server);
    const v3 = await connectAs(server.url, TRADER);
    const onOptions = (await options.requestById({ buy: '1', price: 10, parameters: MULTUP, req_id: 1 })).buy;
    const { underlying_symbol, ...parameters } = MULTUP;
    const onV3 = (
      await v3.requestById({ buy: '1', price: 10, parameters: { ...parameters, symbol: underlying_symbol }, req_id: 2 })
    ).buy;
    const ids = (rows: Array<{ transaction_id: number }>) => rows.map((row) => row.transaction_id);
    const v3Rows = (await v3.requestById({ statement: 1, req_id: 3 })).statement.transactions;
    const optionsRows = (await options.requestById({ statement: 1, req_id: 3 })).statement.transactions;
    expect(ids(v3Rows)).toEqual(expect.arrayContaining([onOptions.transaction_id, onV3.transaction_id]));
    expect(ids(optionsRows)).toEqual(ids(v3Rows));
    expect(optionsRows[0].balance_after).toBe(9_980);
  });
});
