import { describe, expect, it } from 'vitest';
import { acceleratedClock } from '../../src/server/index.js';
import { startCli } from '../support/cli.js';
import { makeClient } from '../support/clients.js';
import { startServer } from '../support/servers.js';
import { plainText, SCRIPT_PATH, startInTerminal } from '../support/terminal.js';
import { until } from '../support/until.js';

/** 20× real time: R_100 ticks every 0.1 s, and a two-hour contract stays open for minutes. */
const fastMarket = () => startServer({ market: { seed: 5 }, clock: acceleratedClock(20) });
const HOURS =
  '{"contract_type":"CALL","symbol":"R_100","currency":"USD","basis":"stake","amount":10,"duration":2,"duration_unit":"h"}';
/** A line of the REPL's output in a pipe, where each prompt is written in front of what follows it. */
const linesOf = (stdout: string) => stdout.split('\n').map((line) => line.replace(/^(deriv> )+/, ''));
const TICK_LINE = /^sub-1 R_100 (\d+\.\d\d) (\d\d:\d\d:\d\d)$/;

describe('deriv-ws repl: stream lines', () => {
  it('a tick is one compact line (label, symbol, quote to pip decimals, UTC time); .json toggles raw JSON', async () => {
    const server = await fastMarket();
    // A zone far from UTC: the times must be UTC all the same.
    const cli = startCli(['repl', '--url', server.url], { TZ: 'Pacific/Chatham' });
    cli.child.stdin.write('ticks R_100\n');
    await until(() => linesOf(cli.stdout()).filter((line) => TICK_LINE.test(line)).length >= 3, 5_000);
    cli.child.stdin.write('.json\n');
    await cli.line(/stream messages as raw JSON \(\.json: compact lines\)$/);
    const rawLines = () => linesOf(cli.stdout()).filter((line) => line.startsWith('sub-1 {'));
    await until(() => rawLines().length >= 2, 5_000);
    cli.child.stdin.write('.json\n');
    await cli.line(/stream messages as compact lines \(\.json: raw JSON\)$/);
    const toggledBack = () =>
      linesOf(cli.stdout()).slice(
        linesOf(cli.stdout()).findIndex((line) => line.startsWith('stream messages as compact')),
      );
    await until(() => toggledBack().some((line) => TICK_LINE.test(line)), 5_000);
    cli.child.stdin.write('.exit\n');
    expect((await cli.exited).code).toBe(0);

    const lines = linesOf(cli.stdout());
    const compact = lines.filter((line) => TICK_LINE.test(line));
    // Raw JSON only between the two toggles, and compact lines never there.
    const on = lines.findIndex((line) => line.startsWith('stream messages as raw JSON'));
    const off = lines.findIndex((line) => line.startsWith('stream messages as compact'));
    expect(lines.slice(on + 1, off).every((line) => line.startsWith('sub-1 {'))).toBe(true);
    for (const line of rawLines())
      expect(JSON.parse(line.slice('sub-1 '.length))).toMatchObject({
        msg_type: 'tick',
        tick: { symbol: 'R_100', pip_size: 2 },
      });

    // Each compact line is a real tick: the server's history has that quote at that UTC time of day.
    const client = makeClient({ url: server.url });
    const history = await client.send({ ticks_history: 'R_100', end: 'latest', count: 500 });
    const byTime = new Map(
      history.history!.times!.map((epoch, i) => [
        new Date(epoch * 1000).toISOString().slice(11, 19),
        history.history!.prices![i]!.toFixed(2),
      ]),
    );
    for (const line of compact) {
      const [, quote, time] = TICK_LINE.exec(line)!;
      expect(byTime.get(time!)).toBe(quote);
    }
  }, 20_000);
});

describe('deriv-ws repl: trading shorthands', () => {
  it('buy follows the contract (id, status, P/L), portfolio is a table, sell sells it; bad input is an error line', async () => {
    const server = await fastMarket();
    const cli = startCli(['repl', '--url', server.url, '--token', server.demoToken!]);
    cli.child.stdin.write(`buy ${HOURS}\n`);
    const bought = await cli.line(/bought \d+ for/);
    const id =
      /bought (\d+) for 10\.00 USD, payout \d+\.\d\d: Win payout if Volatility 100 Index is strictly higher than entry spot at 2 hours after contract start time\.$/.exec(
        bought,
      )?.[1];
    expect(id).toBeDefined();
    await cli.line(new RegExp(`^(deriv> )*contract ${id} open [+-]\\d+\\.\\d\\d USD$`));

    cli.child.stdin.write('portfolio\n');
    await cli.line(
      new RegExp(`^ *${id}  CALL  R_100 +10\\.00 +\\d+\\.\\d\\d  USD +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d`),
    );
    expect(linesOf(cli.stdout())).toContainEqual(
      expect.stringMatching(/^ *CONTRACT {2}TYPE {2}SYMBOL {4}BUY {2}PAYOUT {2}CURRENCY {2}BOUGHT {15}EXPIRES$/),
    );

    cli.child.stdin.write(`sell ${id}\n`);
    const sold = await cli.line(/sold \d+ for/);
    await cli.line(new RegExp(`^(deriv> )*contract ${id} sold [+-]\\d+\\.\\d\\d USD$`));
    cli.child.stdin.write(`.streams\nsell ${id}\nsell abc\nsell\nbuy\nportfolio\n.exit\n`);
    expect((await cli.exited).code).toBe(0);

    // The sale line says what the ledger says.
    const client = makeClient({ url: server.url });
    await client.authorize(server.demoToken!);
    const [sale] = (await client.send({ statement: 1, action_type: 'sell' })).statement!.transactions!;
    expect(sold.replace(/^(deriv> )+/, '')).toBe(
      `sold ${id} for ${sale!.amount!.toFixed(2)} USD; balance ${sale!.balance_after!.toFixed(2)} USD (transaction ${sale!.transaction_id}, bought in ${sale!.reference_id})`,
    );
    const tail = linesOf(cli.stdout()).slice(linesOf(cli.stdout()).findIndex((line) => line.startsWith('sold ')) + 1);
    expect(tail.filter((line) => !line.startsWith('contract '))).toEqual([
      'no streams',
      'error: InvalidSellContractProposal: Unknown contract sell proposal',
      'error: CONTRACT_ID must be an integer 1 or more, not "abc"',
      'error: give a CONTRACT_ID, e.g. sell 12345',
      `error: buy needs a proposal, e.g. buy {"contract_type":"CALL","symbol":"R_100","currency":"USD","basis":"stake","amount":1,"duration":5,"duration_unit":"t"}`,
      'no open contracts',
      '',
    ]);
    expect(server.callCount('buy')).toBe(1);
  }, 20_000);
});

describe('deriv-ws repl: multiplier shorthands', () => {
  const MULTUP = (extra: object) =>
    JSON.stringify({
      contract_type: 'MULTUP',
      symbol: 'R_100',
      currency: 'USD',
      basis: 'stake',
      amount: 10,
      multiplier: 10,
      ...extra,
    });

  it("update sets and removes a multiplier's orders, cancel gives a stake back; refusals are error lines", async () => {
    const server = await fastMarket();
    const cli = startCli(['repl', '--url', server.url, '--token', server.demoToken!]);
    cli.child.stdin.write(`buy ${MULTUP({ limit_order: { take_profit: 50 } })}\n`);
    const plain = /bought (\d+) for 10\.00 USD: If you select "Up"/.exec(await cli.line(/bought \d+ for/))?.[1];
    expect(plain).toBeDefined();
    cli.child.stdin.write(`update ${plain} sl=3\n`);
    const set = await cli.line(new RegExp(`^(deriv> )*${plain} take profit`));
    expect(set).toMatch(
      new RegExp(`${plain} take profit 50\\.00 USD at \\d+\\.\\d\\d, stop loss 3\\.00 USD at \\d+\\.\\d\\d$`),
    );
    cli.child.stdin.write(`update ${plain} tp=none\n`);
    await cli.line(new RegExp(`${plain} take profit none, stop loss 3\\.00 USD at \\d+\\.\\d\\d$`));

    cli.child.stdin.write(`buy ${MULTUP({ cancellation: '5m' })}\n`);
    await until(() => (cli.stdout().match(/bought \d+ for/g) ?? []).length === 2, 5_000);
    const cancellable = [...cli.stdout().matchAll(/bought (\d+) for 10\.13 USD/g)][0]?.[1];
    expect(cancellable).toBeDefined();
    cli.child.stdin.write(`cancel ${cancellable}\n`);
    const cancelled = await cli.line(/cancelled \d+ for/);
    await cli.line(new RegExp(`^(deriv> )*contract ${cancellable} cancelled -0\\.13 USD$`));
    cli.child.stdin.write(`cancel ${plain}\nupdate ${plain}\nupdate ${plain} tp=lots\ncancel\n.exit\n`);
    expect((await cli.exited).code).toBe(0);

    // The cancellation line says what the ledger says: the stake back.
    const client = makeClient({ url: server.url });
    await client.authorize(server.demoToken!);
    const [sale] = (await client.send({ statement: 1, action_type: 'sell' })).statement!.transactions!;
    expect(sale).toMatchObject({ contract_id: Number(cancellable), amount: 10 });
    expect(cancelled.replace(/^(deriv> )+/, '')).toBe(
      `cancelled ${cancellable} for 10.00 USD; balance ${sale!.balance_after!.toFixed(2)} USD (transaction ${sale!.transaction_id}, bought in ${sale!.reference_id})`,
    );
    const tail = linesOf(cli.stdout()).slice(
      linesOf(cli.stdout()).findIndex((line) => line.startsWith('cancelled ')) + 1,
    );
    expect(tail.filter((line) => !line.startsWith('contract '))).toEqual([
      'error: InvalidtoCancel: Deal cancellation is not available for this contract.',
      'error: give tp=N and/or sl=N, e.g. update 12345 tp=5 sl=none',
      'error: tp must be a number 0 or more, not "lots"',
      'error: give a CONTRACT_ID, e.g. cancel 12345',
      '',
    ]);
    // The orders the server holds are the ones the lines said.
    const history = (await client.send({ contract_update_history: 1, contract_id: Number(plain) }))
      .contract_update_history!;
    expect(history.map((row) => row.order_type)).toEqual(['take_profit', 'stop_loss', 'take_profit']);
  }, 20_000);
});

describe.skipIf(SCRIPT_PATH === undefined)('on a terminal', () => {
  it('the REPL redraws the prompt, and what was half typed, below each stream line', async () => {
    const server = await fastMarket();
    const terminal = startInTerminal(['repl', '--url', server.url]);
    await terminal.waitFor(/deriv> /);
    terminal.type('ticks R_100\n');
    await terminal.waitFor(/sub-1 R_100 \d+\.\d\d \d\d:\d\d:\d\d/);
    terminal.type('pin');
    // A tick that came while "pin" was half typed: the line is cleared, the tick written, then the prompt and "pin" again.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's escape sequences are what is tested.
    await terminal.waitFor(/\x1b\[2K\x1b\[1Gsub-1 R_100 \d+\.\d\d \d\d:\d\d:\d\d\r\n\x1b\[1G\x1b\[0Jderiv> pin/);
    terminal.type('g\n');
    await terminal.waitFor(/"ping":"pong"/);
    terminal.type('.exit\n');
    expect(await terminal.exited).toBe(0);
  }, 20_000);

  it('portfolio prints an aligned table, sell a readable line', async () => {
    const server = await fastMarket();
    const target = ['--url', server.url, '--token', server.demoToken!];
    const client = makeClient({ url: server.url });
    await client.authorize(server.demoToken!);
    const contract = await client.buy({ proposal: 1, ...JSON.parse(HOURS) });
    await contract.unsubscribe();

    const portfolio = startInTerminal(['portfolio', ...target]);
    expect(await portfolio.exited).toBe(0);
    const lines = plainText(portfolio.output())
      .split('\n')
      .filter((line) => /CONTRACT|CALL/.test(line));
    const bought = new Date(contract.purchaseTime * 1000).toISOString().slice(0, 19).replace('T', ' ');
    expect(lines).toEqual([
      expect.stringMatching(/^ *CONTRACT {2}TYPE {2}SYMBOL {4}BUY {2}PAYOUT {2}CURRENCY {2}BOUGHT {15}EXPIRES$/),
      expect.stringMatching(
        new RegExp(
          `^${contract.id}  CALL  R_100   10\\.00   ${contract.payout.toFixed(2)}  USD       ${bought}  \\d{4}-`,
        ),
      ),
    ]);
    // The columns line up: each header starts where its cells do.
    expect(lines[0]!.indexOf('BOUGHT')).toBe(lines[1]!.indexOf(bought));

    // A sale is sellable once the contract has entered: a tick later in market time.
    await until(
      async () =>
        (await client.send({ proposal_open_contract: 1, contract_id: contract.id })).proposal_open_contract
          ?.is_valid_to_sell === 1,
      5_000,
    );
    const sale = startInTerminal(['sell', String(contract.id), ...target]);
    expect(await sale.exited).toBe(0);
    expect(plainText(sale.output())).toMatch(
      new RegExp(
        `^sold ${contract.id} for \\d+\\.\\d\\d USD; balance \\d+\\.\\d\\d USD \\(transaction \\d+, bought in ${contract.transactionId}\\)$`,
        'm',
      ),
    );
  }, 20_000);
});
