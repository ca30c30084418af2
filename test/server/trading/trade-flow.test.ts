import { describe, expect, it } from 'vitest';
import { acceleratedClock } from '../../../src/server/clock.js';
import { RawSocket } from '../../support/raw-socket.js';
import { startServer } from '../../support/servers.js';
import { until } from '../../support/until.js';

async function trader(speed = 20) {
  const server = await startServer({ clock: acceleratedClock(speed), market: { seed: 11 } });
  const raw = await RawSocket.open(server.url);
  await raw.request({ authorize: server.demoToken });
  return { server, raw };
}

const CALL_1T = {
  proposal: 1,
  contract_type: 'CALL',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 1,
  duration: 1,
  duration_unit: 't',
};

describe('a trade on the sandbox', () => {
  it('proposal → buy by id → proposal_open_contract until is_sold, with the ledger to match', async () => {
    const { raw } = await trader();
    const proposal = (await raw.request(CALL_1T)).proposal;
    expect(proposal).toMatchObject({
      ask_price: 1,
      display_value: '1.00',
      payout: 1.95,
      longcode: 'Win payout if Volatility 100 Index after 1 tick is strictly higher than entry spot.',
    });
    expect(proposal.id).toMatch(/^[0-9a-f-]{36}$/);
    const bought = await raw.request({ buy: proposal.id, price: 1, subscribe: 1 });
    expect(bought.buy).toMatchObject({ buy_price: 1, payout: 1.95, balance_after: 9_999 });
    expect(bought.buy.shortcode).toMatch(/^CALL_R_100_1\.95_\d+_1T_S0P_0$/);
    const id = bought.subscription.id;
    await until(
      () =>
        raw.messages.some(
          (message) => message.subscription?.id === id && message.proposal_open_contract?.is_sold === 1,
        ),
      10_000,
    );
    const last = raw.messages.filter((message) => message.subscription?.id === id).at(-1)!;
    const poc = last.proposal_open_contract;
    expect(poc).toMatchObject({
      contract_id: bought.buy.contract_id,
      is_sold: 1,
      is_expired: 1,
      buy_price: 1,
      payout: 1.95,
      id,
    });
    expect(['won', 'lost']).toContain(poc.status);
    expect(poc.sell_price).toBe(poc.status === 'won' ? 1.95 : 0);
    expect(poc.exit_tick_time).toBe(poc.entry_tick_time + 2);
    // The barrier keeps its pips once sold, as in every update before: the entry spot, to 2 places.
    const open = raw.messages.filter(
      (message) => message.subscription?.id === id && message.proposal_open_contract?.barrier,
    );
    expect(new Set(open.map((message) => message.proposal_open_contract.barrier))).toEqual(
      new Set([poc.entry_tick_display_value]),
    );
    // The stream ended itself: nothing more under its id.
    const count = raw.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(raw.messages.slice(count).filter((message) => message.subscription?.id === id)).toEqual([]);
    const balance = (await raw.request({ balance: 1 })).balance.balance;
    expect(balance).toBe(poc.status === 'won' ? 10_000.95 : 9_999);
  });

  it('an absolute barrier keeps its pips in every view, sold included ("1234.10", not "1234.1")', async () => {
    const { raw } = await trader(50);
    const spot = (await raw.request({ ...CALL_1T, duration: 5, barrier: '+0.1' })).proposal.spot as number;
    // Above the spot (0.2 to 1.1 away), so the rise has a return: just below it, it was deep in
    // the money and refused with "This contract offers no return." whenever the spot ended in .9.
    const barrier = `${Math.floor(spot) + 1}.10`;
    const parameters = { ...CALL_1T, duration: 5, barrier };
    delete (parameters as { proposal?: number }).proposal;
    const bought = await raw.request({ buy: '1', price: 1, parameters, subscribe: 1 });
    expect(bought.error).toBeUndefined();
    const id = bought.subscription.id;
    await until(
      () =>
        raw.messages.some(
          (message) => message.subscription?.id === id && message.proposal_open_contract?.is_sold === 1,
        ),
      10_000,
    );
    const views = raw.messages.filter((message) => message.subscription?.id === id && message.proposal_open_contract);
    expect(new Set(views.map((message) => message.proposal_open_contract.barrier))).toEqual(new Set([barrier]));
  });

  it('a proposal id is used up by its buy, and good only on its own connection', async () => {
    const { server, raw } = await trader();
    const { id } = (await raw.request(CALL_1T)).proposal;
    const other = await RawSocket.open(server.url);
    await other.request({ authorize: server.demoToken });
    expect((await other.request({ buy: id, price: 1 })).error).toEqual({
      code: 'InvalidContractProposal',
      message: 'Unknown contract proposal',
    });
    expect((await raw.request({ buy: id, price: 1 })).buy.buy_price).toBe(1);
    expect((await raw.request({ buy: id, price: 1 })).error.code).toBe('InvalidContractProposal');
  });

  it('buy "1" with parameters; InsufficientBalance with the real text; a stake over the maximum price is refused', async () => {
    const { server, raw } = await trader();
    const { proposal: _, ...parameters } = CALL_1T;
    expect((await raw.request({ buy: '1', price: 1, parameters })).buy.buy_price).toBe(1);
    expect((await raw.request({ buy: '1', price: 0.5, parameters })).error).toMatchObject({
      code: 'ContractCreationFailure',
      message: "Contract's stake amount is more than the maximum purchase price.",
    });
    await server.accounts.setBalance('VRTC1000001', 0.5);
    expect((await raw.request({ buy: '1', price: 1, parameters })).error).toEqual({
      code: 'InsufficientBalance',
      message: 'Your account balance (0.50 USD) is insufficient to buy this contract (1.00 USD).',
    });
  });

  it('proposal_open_contract with no contract_id lists every open contract, one message each, and {} when none', async () => {
    const { raw } = await trader(1);
    expect((await raw.request({ proposal_open_contract: 1 })).proposal_open_contract).toEqual({});
    const day = { ...CALL_1T, duration: 1, duration_unit: 'd' };
    const first = (await raw.request({ buy: (await raw.request(day)).proposal.id, price: 1 })).buy.contract_id;
    const second = (
      await raw.request({ buy: (await raw.request({ ...day, contract_type: 'PUT' })).proposal.id, price: 1 })
    ).buy.contract_id;
    const from = raw.messages.length;
    raw.send({ proposal_open_contract: 1, req_id: 77 });
    await until(() => raw.messages.slice(from).filter((message) => message.req_id === 77).length === 2);
    expect(raw.messages.slice(from).map((message) => message.proposal_open_contract.contract_id)).toEqual([
      first,
      second,
    ]);
  });
});
