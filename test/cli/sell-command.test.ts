import { describe, expect, it } from 'vitest';
import { acceleratedClock } from '../../src/server/index.js';
import { runCli } from '../support/cli.js';
import { startServer } from '../support/servers.js';

/** Ten market minutes: sellable once entered, and far from expiry for the whole test. */
const MINUTES = {
  contract_type: 'CALL',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 10,
  duration: 10,
  duration_unit: 'm',
};
const TICKS = { ...MINUTES, amount: 1, duration: 10, duration_unit: 't' };

/** A server whose market runs 20× faster: a CLI's start-up is seconds of market time, so a contract has entered by the sale. */
async function tradingServer(speed = 20) {
  const server = await startServer({ market: { seed: 7 }, clock: acceleratedClock(speed) });
  return { server, target: ['--url', server.url, '--token', server.demoToken!] };
}

async function buyOne(target: string[], proposal: object) {
  const bought = await runCli(['buy', JSON.stringify(proposal), ...target]);
  expect(bought).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(bought.stdout).buy as { contract_id: number; buy_price: number; transaction_id: number };
}

describe('deriv-ws sell', () => {
  it('sells a bought contract at market: the reply as one JSON line, exit 0; the balance says the same', async () => {
    const { target } = await tradingServer();
    const bought = await buyOne(target, MINUTES);
    const result = await runCli(['sell', String(bought.contract_id), ...target]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    const { sell } = JSON.parse(result.stdout);
    expect(Object.keys(sell)).toEqual(['balance_after', 'contract_id', 'reference_id', 'sold_for', 'transaction_id']);
    expect(sell).toMatchObject({ contract_id: bought.contract_id, reference_id: bought.transaction_id });
    expect(sell.sold_for).toBeGreaterThan(0);
    expect(sell.sold_for).toBeLessThan(bought.buy_price * 2);
    expect(sell.transaction_id).toBeGreaterThan(bought.transaction_id);
    // Whatever the bid was, the account moved by exactly the buy and the sale.
    expect(sell.balance_after).toBe(Math.round((10_000 - bought.buy_price + sell.sold_for) * 100) / 100);
    const balance = await runCli(['send', '{"balance":1}', ...target]);
    expect(JSON.parse(balance.stdout).balance.balance).toBe(sell.balance_after);

    // Sold once: the second sale finds no such open contract.
    expect(await runCli(['sell', String(bought.contract_id), ...target])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'InvalidSellContractProposal: Unknown contract sell proposal\n',
    });
  }, 20_000);

  it('refusals are CODE: message on stderr and exit 1: an unknown id, a floor above the bid', async () => {
    const { target } = await tradingServer();
    expect(await runCli(['sell', '987654', ...target])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'InvalidSellContractProposal: Unknown contract sell proposal\n',
    });
    const minutes = await buyOne(target, MINUTES);
    const floor = await runCli(['sell', String(minutes.contract_id), '--price', '1000', ...target]);
    expect(floor).toMatchObject({ code: 1, stdout: '' });
    expect(floor.stderr).toMatch(
      /^PriceMoved: The underlying market has moved too much since you priced the contract\. The contract sell price has changed from 1000\.00 USD to \d+\.\d\d USD\.\n$/,
    );
  }, 20_000);

  it('a tick contract is not offered for resale: the server says so once it has entered', async () => {
    // Five times real speed: its ten ticks last four seconds, time for a sale or two to be refused.
    const { target } = await tradingServer(5);
    const ticks = await buyOne(target, TICKS);
    let refused = await runCli(['sell', String(ticks.contract_id), ...target]);
    // Until its entry tick, the server refuses for that reason instead.
    while (/Waiting for entry tick|cannot be sold at this time/.test(refused.stderr))
      refused = await runCli(['sell', String(ticks.contract_id), ...target]);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: 'InvalidtoSell: Resale of this contract is not offered.\n',
    });
  }, 20_000);

  it('--local sells on the embedded demo account, which has bought nothing', async () => {
    expect(await runCli(['sell', '1', '--local'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'InvalidSellContractProposal: Unknown contract sell proposal\n',
    });
  });

  it.each([
    [['sell', '--local'], 'deriv-ws: give a CONTRACT_ID, e.g. deriv-ws sell 12345 --local'],
    [['sell', 'abc', '--local'], 'deriv-ws: CONTRACT_ID must be an integer 1 or more, not "abc"'],
    [['sell', '0', '--local'], 'deriv-ws: CONTRACT_ID must be an integer 1 or more, not "0"'],
    [['sell', '12.5', '--local'], 'deriv-ws: CONTRACT_ID must be an integer 1 or more, not "12.5"'],
    [['sell', '12', '13', '--local'], 'deriv-ws: unexpected argument "13"'],
    [['sell', '12', '--price', 'cheap', '--local'], 'deriv-ws: --price must be a number 0 or more, not "cheap"'],
    [['sell', '12', '--price=-1', '--local'], 'deriv-ws: --price must be a number 0 or more, not "-1"'],
    [
      ['sell', '12', '--price', '-1', '--local'],
      "deriv-ws: Option '--price' argument is ambiguous. Did you forget to specify the option argument for '--price'? To specify an option argument starting with a dash use '--price=-XYZ'.",
    ],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    expect(await runCli(args)).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });
});
