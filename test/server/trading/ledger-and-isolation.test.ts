import { describe, expect, it } from 'vitest';
import type { RawSocket } from '../../support/raw-socket.js';
import { until } from '../../support/until.js';
import { buyNow, CALL_5M, connectAs, OTHER, sandbox, START, TRADER } from './sandbox.js';

describe('the ledger under concurrency', () => {
  it('60 buys of 5 at once over six connections on 100: exactly 20 contracts, 40 InsufficientBalance, 0.00 left, 20 buy rows', async () => {
    const { server, raw } = await sandbox();
    await server.accounts.setBalance('VRTC700001', 100);
    const connections = [raw, ...(await Promise.all(Array.from({ length: 5 }, () => connectAs(server.url, TRADER))))];
    const parameters = { ...CALL_5M, amount: 5 };
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        connections[i % 6]!.requestById({ buy: '1', price: 5, parameters, req_id: 1_000 + i }),
      ),
    );
    const bought = replies.filter((reply) => reply.buy);
    const refused = replies.filter((reply) => reply.error);
    expect(bought).toHaveLength(20);
    expect(refused).toHaveLength(40);
    for (const reply of refused) {
      expect(reply.error).toEqual({
        code: 'InsufficientBalance',
        message: 'Your account balance (0.00 USD) is insufficient to buy this contract (5.00 USD).',
      });
    }
    expect(new Set(bought.map((reply) => reply.buy.contract_id)).size).toBe(20);
    expect(bought.map((reply) => reply.buy.balance_after).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 5),
    );
    expect((await raw.answered({ balance: 1 })).balance.balance).toBe(0);

    const { statement } = await raw.answered({ statement: 1, limit: 999 });
    const buys = statement.transactions.filter((row: { action_type: string }) => row.action_type === 'buy');
    expect(buys).toHaveLength(20);
    expect(new Set(buys.map((row: { transaction_id: number }) => row.transaction_id))).toEqual(
      new Set(bought.map((reply) => reply.buy.transaction_id)),
    );
    // Oldest first, every row's balance is the one before it plus its amount: no row lost, none invented, never below 0.
    let balance = 0;
    for (const row of [...statement.transactions].reverse()) {
      balance = Math.round((balance + row.amount) * 100) / 100;
      expect(row.balance_after).toBe(balance);
      expect(row.balance_after).toBeGreaterThanOrEqual(0);
    }
    expect(balance).toBe(0);
    expect((await raw.answered({ portfolio: 1 })).portfolio.contracts).toHaveLength(20);
  });
});

describe('isolation', () => {
  it('another account sees and sells nothing of yours', async () => {
    const { clock, server, raw } = await sandbox();
    const bought = await buyNow(raw, CALL_5M);
    clock.advanceTo(START + 4);
    const other = await connectAs(server.url, OTHER);
    expect((await other.answered({ portfolio: 1 })).portfolio).toEqual({ contracts: [] });
    expect((await other.answered({ profit_table: 1 })).profit_table).toEqual({ count: 0, transactions: [] });
    const statement = (await other.answered({ statement: 1 })).statement;
    expect(statement.transactions.map((row: { action_type: string }) => row.action_type)).toEqual(['deposit']);
    expect((await other.answered({ proposal_open_contract: 1 })).proposal_open_contract).toEqual({});
    expect((await other.request({ proposal_open_contract: 1, contract_id: bought.contract_id })).error).toEqual({
      code: 'ContractValidationError',
      message: 'Cannot validate contract.',
    });
    expect((await other.request({ sell: bought.contract_id, price: 0 })).error).toEqual({
      code: 'InvalidSellContractProposal',
      message: 'Unknown contract sell proposal',
    });
    expect((await other.answered({ balance: 1 })).balance.balance).toBe(10_000);
    // And the contract is still the owner's, open and sellable.
    expect((await raw.answered({ sell: bought.contract_id, price: 0 })).sell.contract_id).toBe(bought.contract_id);
  });

  it("streams are the connection's own: another connection of the account cannot forget them", async () => {
    const { server, raw } = await sandbox();
    const { id } = (await raw.answered({ transaction: 1, subscribe: 1 })).subscription;
    const second: RawSocket = await connectAs(server.url, TRADER);
    expect((await second.answered({ forget: id })).forget).toBe(0);
    const bought = await buyNow(second, CALL_5M);
    await until(() => raw.messages.some((message) => message.transaction?.transaction_id === bought.transaction_id));
    // The second connection, with no stream of its own, heard nothing.
    expect(second.messages.filter((message) => message.msg_type === 'transaction')).toEqual([]);
  });
});
