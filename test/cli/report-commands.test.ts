import { describe, expect, it } from 'vitest';
import { acceleratedClock } from '../../src/server/index.js';
import { runCli } from '../support/cli.js';
import { makeClient } from '../support/clients.js';
import { startServer } from '../support/servers.js';

const HOURS = {
  proposal: 1,
  contract_type: 'CALL',
  symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 10,
  duration: 2,
  duration_unit: 'h',
} as const;
const ONE_TICK = {
  ...HOURS,
  contract_type: 'DIGITEVEN',
  symbol: '1HZ100V',
  amount: 1,
  duration: 1,
  duration_unit: 't',
} as const;

const PORTFOLIO_KEYS = [
  'app_id',
  'buy_price',
  'contract_id',
  'contract_type',
  'currency',
  'date_start',
  'expiry_time',
  'longcode',
  'payout',
  'purchase_time',
  'shortcode',
  'symbol',
  'transaction_id',
];
const PROFIT_KEYS = [
  'app_id',
  'buy_price',
  'contract_id',
  'contract_type',
  'duration_type',
  'longcode',
  'payout',
  'purchase_time',
  'sell_price',
  'sell_time',
  'shortcode',
  'transaction_id',
  'underlying_symbol',
];

const ndjson = (text: string) =>
  text === ''
    ? []
    : text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));

/**
 * A fast market with two open two-hour contracts and two settled one-tick ones, bought by a
 * client of the test's own; the commands then report them from their own processes.
 */
async function accountWithHistory() {
  const server = await startServer({ market: { seed: 3 }, clock: acceleratedClock(20) });
  const client = makeClient({ url: server.url });
  await client.authorize(server.demoToken!);
  const open = [];
  for (let i = 0; i < 2; i++) {
    const contract = await client.buy(HOURS);
    await contract.unsubscribe();
    open.push(contract.id);
  }
  const settled = [];
  for (let i = 0; i < 2; i++) {
    const contract = await client.buy(ONE_TICK);
    await contract.settled;
    settled.push(contract.id);
  }
  return { server, client, open, settled, target: ['--url', server.url, '--token', server.demoToken!] };
}

describe('deriv-ws portfolio, statement, profit', () => {
  it('print one JSON object per row in a pipe: the server rows, exactly; --limit is the page size', async () => {
    const { client, open, settled, target } = await accountWithHistory();

    const portfolio = await runCli(['portfolio', ...target]);
    expect(portfolio).toMatchObject({ code: 0, stderr: '' });
    const contracts = ndjson(portfolio.stdout);
    expect(contracts.map((row) => row.contract_id)).toEqual(open);
    for (const row of contracts) expect(Object.keys(row)).toEqual(PORTFOLIO_KEYS);
    expect(contracts).toEqual((await client.send({ portfolio: 1 })).portfolio!.contracts);

    const statement = await runCli(['statement', ...target]);
    expect(statement).toMatchObject({ code: 0, stderr: '' });
    const transactions = ndjson(statement.stdout);
    // Newest first: two sales, four buys, the opening deposit.
    expect(transactions.map((row) => row.action_type)).toEqual(['sell', 'buy', 'sell', 'buy', 'buy', 'buy', 'deposit']);
    expect(transactions).toEqual((await client.send({ statement: 1 })).statement!.transactions);
    const page = await runCli(['statement', '--limit', '2', ...target]);
    expect(ndjson(page.stdout)).toEqual(transactions.slice(0, 2));

    const profit = await runCli(['profit', ...target]);
    expect(profit).toMatchObject({ code: 0, stderr: '' });
    const sold = ndjson(profit.stdout);
    expect(sold.map((row) => row.contract_id)).toEqual([...settled].reverse());
    for (const row of sold) {
      expect(Object.keys(row)).toEqual(PROFIT_KEYS);
      expect(row).toMatchObject({ buy_price: 1, payout: 1.93, contract_type: 'DIGITEVEN', duration_type: 'ticks' });
      // Won or lost at expiry: the payout or nothing.
      expect([0, 1.93]).toContain(row.sell_price);
    }
    expect(sold).toEqual((await client.send({ profit_table: 1, description: 1 })).profit_table!.transactions);
    expect(ndjson((await runCli(['profit', '--limit', '1', ...target])).stdout)).toEqual(sold.slice(0, 1));
  }, 30_000);

  it('--local reports on the embedded demo account: its deposit, no contracts', async () => {
    const [portfolio, statement, profit] = await Promise.all([
      runCli(['portfolio', '--local']),
      runCli(['statement', '--local', '--json']),
      runCli(['profit', '--local']),
    ]);
    expect(portfolio).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(profit).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(statement).toMatchObject({ code: 0, stderr: '' });
    expect(ndjson(statement.stdout)).toEqual([
      {
        action_type: 'deposit',
        amount: 10_000,
        app_id: null,
        balance_after: 10_000,
        contract_id: null,
        payout: null,
        transaction_id: 1,
        transaction_time: expect.any(Number),
      },
    ]);
  });

  it("a refusal is the server's CODE: message and exit 1: no account, a page larger than the server's", async () => {
    const server = await startServer();
    expect(await runCli(['portfolio', '--url', server.url])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'AuthorizationRequired: Please log in.\n',
    });
    expect(await runCli(['statement', '--limit', '1000', '--local'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'InputValidationFailed: Input validation failed: limit\n',
    });
  });

  it.each([
    [['statement', '--limit', '0', '--local'], 'deriv-ws: --limit must be an integer 1 or more, not "0"'],
    [['profit', '--limit', 'ten', '--local'], 'deriv-ws: --limit must be an integer 1 or more, not "ten"'],
    [['profit', '--limit', '2.5', '--local'], 'deriv-ws: --limit must be an integer 1 or more, not "2.5"'],
    [['portfolio', 'all', '--local'], 'deriv-ws: unexpected argument "all"'],
    [
      ['portfolio', '--limit', '3', '--local'],
      `deriv-ws: Unknown option '--limit'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--limit"`,
    ],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    expect(await runCli(args)).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });
});

describe('the trading commands in the help', () => {
  it('deriv-ws --help lists them, and each has a --help of its own', async () => {
    const help = await runCli(['--help']);
    for (const name of ['sell', 'portfolio', 'statement', 'profit'])
      expect(help.stdout).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
    for (const [name, usage] of [
      ['sell', 'Usage: deriv-ws sell CONTRACT_ID [--price P] [target]'],
      ['portfolio', 'Usage: deriv-ws portfolio [--json] [target]'],
      ['statement', 'Usage: deriv-ws statement [--limit N] [--json] [target]'],
      ['profit', 'Usage: deriv-ws profit [--limit N] [--json] [target]'],
    ] as const) {
      const own = await runCli([name, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout.split('\n')[0]).toBe(usage);
      expect(own.stdout).toContain('--local');
    }
  });
});
