import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const PROPOSAL = {
  contract_type: 'CALL',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 1,
  duration: 2,
  duration_unit: 't',
};
const DIGIT_1T = { ...PROPOSAL, contract_type: 'DIGITEVEN', symbol: '1HZ100V', duration: 1 };
const lines = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('deriv-ws buy', () => {
  it('buys the proposal on --local and prints the contract as one JSON line', async () => {
    const result = await runCli(['buy', JSON.stringify(PROPOSAL), '--local']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [line, ...rest] = lines(result.stdout);
    expect(rest).toEqual([]);
    expect(line.buy).toMatchObject({
      contract_id: expect.any(Number),
      buy_price: 1,
      payout: 1.95,
      longcode: 'Win payout if Volatility 100 Index after 2 ticks is strictly higher than entry spot.',
      transaction_id: expect.any(Number),
    });
  });

  it('--follow prints each proposal_open_contract until it is sold, then the settlement, and exits 0', async () => {
    const result = await runCli(['buy', JSON.stringify({ ...PROPOSAL, proposal: 1 }), '--local', '--follow']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [first, ...rest] = lines(result.stdout);
    const settled = rest.pop();
    const id = first.buy.contract_id;
    expect(rest.length).toBeGreaterThan(0);
    for (const line of rest) expect(line.proposal_open_contract.contract_id).toBe(id);
    const last = rest.at(-1).proposal_open_contract;
    expect(last.is_sold).toBe(1);
    expect(settled).toEqual({
      settled: {
        contract_id: id,
        status: last.status,
        sell_price: last.sell_price,
        profit: last.profit,
        exit_tick: last.exit_tick,
        exit_tick_time: last.exit_tick_time,
      },
    });
  }, 20_000);

  it('a refused buy is CODE: message on stderr and exit 1; a bad request is one line and exit 2', async () => {
    expect(await runCli(['buy', JSON.stringify({ ...PROPOSAL, amount: 0.2 }), '--local'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'ContractBuyValidationError: Minimum stake of 0.35 and maximum payout of 50000.00. Current stake is 0.20.\n',
    });
    const bad = await runCli(['buy', '{"contract_type":', '--local']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^deriv-ws: invalid JSON: .*\n$/);
    expect(await runCli(['buy', JSON.stringify({ ...PROPOSAL, subscribe: 1 }), '--local'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'deriv-ws: the proposal is bought, not streamed: leave out "subscribe"\n',
    });
  });
});

describe('deriv-ws trade', () => {
  it('buys --count contracts on a fast --local market, one JSON line each, then the tally that adds them up', async () => {
    const result = await runCli([
      'trade',
      JSON.stringify(DIGIT_1T),
      '--count',
      '12',
      '--local',
      '--speed',
      '50',
      '--seed',
      '42',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const all = lines(result.stdout);
    const summary = all.pop().summary;
    const contracts = all.map((line) => line.contract);
    expect(contracts).toHaveLength(12);
    expect(new Set(contracts.map((contract) => contract.contract_id)).size).toBe(12);
    let profit = 0;
    let peak = 0;
    let drawdown = 0;
    for (const contract of contracts) {
      expect(contract.profit).toBe(contract.status === 'won' ? 0.93 : -1);
      profit = Math.round((profit + contract.profit) * 100) / 100;
      peak = Math.max(peak, profit);
      drawdown = Math.max(drawdown, Math.round((peak - profit) * 100) / 100);
    }
    const won = contracts.filter((contract) => contract.status === 'won').length;
    expect(summary).toEqual({ contracts: 12, won, lost: 12 - won, sold: 0, profit, max_drawdown: drawdown });
  }, 20_000);

  it('--every SECONDS spaces the buys in market time', async () => {
    const result = await runCli([
      'trade',
      JSON.stringify(DIGIT_1T),
      '--count',
      '4',
      '--every',
      '5',
      '--local',
      '--speed',
      '50',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const times = lines(result.stdout)
      .slice(0, -1)
      .map((line) => line.contract.purchase_time as number)
      .sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(5);
  }, 20_000);

  it('stops at a refused buy with CODE: message and exit 1; --speed without --local is a usage error', async () => {
    const refused = await runCli(['trade', JSON.stringify({ ...DIGIT_1T, amount: 0.2 }), '--local', '--speed', '50']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'ContractBuyValidationError: Minimum stake of 0.35 and maximum payout of 30000.00. Current stake is 0.20.\n',
    );
    expect(lines(refused.stdout)).toEqual([
      { summary: { contracts: 0, won: 0, lost: 0, sold: 0, profit: 0, max_drawdown: 0 } },
    ]);
    expect(await runCli(['trade', JSON.stringify(DIGIT_1T), '--speed', '50'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'deriv-ws: --speed and --seed set the --local server: add --local\n',
    });
  });
});

describe('multipliers on the CLI', () => {
  const MULTUP = {
    contract_type: 'MULTUP',
    symbol: 'R_100',
    currency: 'USD',
    basis: 'stake',
    amount: 10,
    multiplier: 10,
  };
  const FAST = ['--local', '--speed', '50', '--seed', '42'];
  const contractsOf = (stdout: string) => {
    const all = lines(stdout);
    return { summary: all.pop().summary, contracts: all.map((line) => line.contract) };
  };

  it('buy takes a multiplier proposal: payout 0, and a deal cancellation is paid on top of the stake', async () => {
    const result = await runCli(['buy', JSON.stringify(MULTUP), '--local']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(lines(result.stdout)).toEqual([
      {
        buy: expect.objectContaining({
          buy_price: 10,
          payout: 0,
          longcode:
            'If you select "Up", your total profit/loss will be the percentage increase in Volatility 100 Index, multiplied by 100, minus commissions.',
        }),
      },
    ]);
    // docs/trading.md's worked example: 60 minutes of cancellation on 10 × 10 at R_100 cost 0.45.
    const cancellable = await runCli(['buy', JSON.stringify({ ...MULTUP, cancellation: '60m' }), '--local']);
    expect(cancellable).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(cancellable.stdout).buy).toMatchObject({ buy_price: 10.45, payout: 0 });
  });

  it('trade --sell-after SECONDS sells each contract that much market time after its purchase', async () => {
    const result = await runCli(['trade', JSON.stringify(MULTUP), '--count', '3', '--sell-after', '6', ...FAST]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const { summary, contracts } = contractsOf(result.stdout);
    expect(contracts).toHaveLength(3);
    let cents = 0;
    for (const contract of contracts) {
      expect(contract.status).toBe('sold');
      expect(contract.sell_time - contract.purchase_time).toBeGreaterThanOrEqual(6);
      // Soon after: the sale goes at the first update that is due (a minute of market time is 1.2 s here).
      expect(contract.sell_time - contract.purchase_time).toBeLessThan(60);
      expect(contract.profit).toBe(Math.round((contract.sell_price - contract.buy_price) * 100) / 100);
      cents += Math.round(contract.profit * 100);
    }
    expect(summary).toMatchObject({ contracts: 3, won: 0, lost: 0, sold: 3, profit: cents / 100 });
  }, 20_000);

  it('trade without --sell-after runs multipliers that end by themselves, at their take profit or stop loss', async () => {
    // ×100 on R_100: a take profit or stop loss of 1 is a 0.15 % move or so, some ticks away.
    const proposal = { ...MULTUP, multiplier: 100, limit_order: { take_profit: 1, stop_loss: 1 } };
    const result = await runCli(['trade', JSON.stringify(proposal), '--count', '3', ...FAST]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const { summary, contracts } = contractsOf(result.stdout);
    expect(contracts).toHaveLength(3);
    for (const contract of contracts) {
      // Closed by the market at a tick: won past the take profit, lost past the stop loss.
      expect(contract.exit_tick_time).toEqual(expect.any(Number));
      expect(['won', 'lost']).toContain(contract.status);
      if (contract.status === 'won') expect(contract.profit).toBeGreaterThanOrEqual(1);
      else expect(contract.profit).toBeLessThanOrEqual(-1);
    }
    expect(summary).toMatchObject({ contracts: 3, sold: 0 });
  }, 20_000);

  it('refuses a multiplier run that nothing would end: one line, exit 2', async () => {
    expect(await runCli(['trade', JSON.stringify(MULTUP), ...FAST])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'deriv-ws: a MULTUP contract has no expiry: give --sell-after SECONDS, or a "limit_order" with a take_profit or stop_loss, so that each one ends\n',
    });
    expect(await runCli(['trade', JSON.stringify(MULTUP), '--sell-after', '0', ...FAST])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'deriv-ws: --sell-after must be an integer 1 or more, not "0"\n',
    });
  });
});

describe('accumulators on the CLI', () => {
  const ACCU = {
    contract_type: 'ACCU',
    symbol: 'R_100',
    currency: 'USD',
    basis: 'stake',
    amount: 10,
    growth_rate: 0.05,
  };
  const FAST = ['--local', '--speed', '50', '--seed', '42'];

  it('buy takes an accumulator proposal: its stake, payout 0 and the real longcode', async () => {
    const result = await runCli(['buy', JSON.stringify(ACCU), '--local']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(lines(result.stdout)).toEqual([
      {
        buy: expect.objectContaining({
          contract_id: expect.any(Number),
          buy_price: 10,
          payout: 0,
          // docs/trading.md, "Accumulators": R_100 at 5 %.
          longcode:
            'After the entry spot tick, your stake will grow continuously by 5% for every tick that the spot price remains within the ± 0.04863% from the previous spot price.',
        }),
      },
    ]);
  });

  it('trade runs accumulators to their tally with no --sell-after: each ends by itself, knocked out or at its most ticks', async () => {
    // No limit order and no --sell-after: the refusal for open-ended multipliers is not theirs.
    const result = await runCli(['trade', JSON.stringify(ACCU), '--count', '3', ...FAST]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const all = lines(result.stdout);
    const { summary } = all.pop();
    const contracts = all.map((line) => line.contract);
    expect(contracts).toHaveLength(3);
    let cents = 0;
    for (const contract of contracts) {
      // Ended by the market at a tick: knocked out for 0, or won at its 60th tick (10 × 1.05^59),
      // within its 60 ticks of R_100 (2 s each) after the entry.
      expect(contract.exit_tick_time).toEqual(expect.any(Number));
      expect(contract.exit_tick_time - contract.purchase_time).toBeLessThanOrEqual(124);
      if (contract.status === 'lost') expect(contract.sell_price).toBe(0);
      else expect(contract).toMatchObject({ status: 'won', sell_price: 177.9 });
      expect(contract.profit).toBe(Math.round((contract.sell_price - contract.buy_price) * 100) / 100);
      cents += Math.round(contract.profit * 100);
    }
    expect(summary).toMatchObject({ contracts: 3, sold: 0, profit: cents / 100 });
  }, 20_000);
});
