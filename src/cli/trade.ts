import { parseArgs } from 'node:util';
import type { Contract, ContractSettlement } from '../client/node.js';
import { acceleratedClock } from '../server/clock.js';
import type { ServerOptions } from '../server/server-options.js';
import { UsageError } from './errors.js';
import { parseNumberOption } from './options.js';
import { DataOutput, describeError } from './output.js';
import { endlessRun, sellAfter } from './open-ended.js';
import { MULTIPLIER_EXAMPLE, PROPOSAL_EXAMPLE, proposalRequest } from './proposal-input.js';
import { openTarget, targetHelp, targetOptions } from './target.js';
import { progressBar, TradeTally } from './trade-summary.js';

export const tradeHelp = `Usage: deriv-ws trade '<proposal json>' [--count N] [--every tick|SECONDS] [--sell-after SECONDS] [target]

A small strategy runner: buys the proposal on every tick of its symbol (or once every SECONDS
of market time), --count times, follows each contract until it is sold, then prints the tally:
wins, losses, profit and the largest drawdown of the running P/L. Against --local with
--speed it is a backtest: a day of ticks in minutes. On a terminal a progress bar on stderr
shows contracts done and the running P/L; with --json, or when stdout is not a terminal, each
settled contract is a JSON line and the tally the last one. A refused buy stops the run:
CODE: message on stderr, exit 1, after the contracts already bought have settled.
A multiplier (MULTUP, MULTDOWN) has no expiry: give --sell-after, or a take_profit or
stop_loss in its "limit_order", so that each contract ends; without either the run is refused.
An accumulator (ACCU) needs neither: each one ends by itself, knocked out or at its most ticks.
e.g. deriv-ws trade '${PROPOSAL_EXAMPLE}' --count 100 --local --speed 50 --seed 42
     deriv-ws trade '${MULTIPLIER_EXAMPLE}' --sell-after 60 --local --speed 50
  --count N             how many contracts to buy (default 10)
  --every tick|SECONDS  how often to buy, in market time (default tick: on each tick)
  --sell-after SECONDS  sell each contract still open SECONDS of market time after its purchase
  --speed X             with --local: run its market X times faster than real time
  --seed SEED           with --local: the market's seed, for a run you can repeat
  --json                JSON lines even on a terminal
${targetHelp}`;

export async function trade(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...targetOptions,
      count: { type: 'string', default: '10' },
      every: { type: 'string', default: 'tick' },
      'sell-after': { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const request = await proposalRequest(positionals);
  // The new API names the symbol underlying_symbol; either way its ticks pace the buys.
  const fields = request as unknown as Record<string, unknown>;
  const symbol = values.api === 'options' ? fields.underlying_symbol : fields.symbol;
  if (typeof symbol !== 'string')
    throw new UsageError(
      `the proposal needs a "${values.api === 'options' ? 'underlying_symbol' : 'symbol'}": its ticks pace the buys`,
    );
  const count = parseNumberOption('--count', values.count, { min: 1, max: 1_000_000, integer: true });
  const everySeconds =
    values.every === 'tick' ? 0 : parseNumberOption('--every', values.every, { min: 1, integer: true });
  const sellAfterSeconds =
    values['sell-after'] === undefined
      ? undefined
      : parseNumberOption('--sell-after', values['sell-after'], { min: 1, integer: true });
  const endless = endlessRun(request as unknown as Record<string, unknown>, sellAfterSeconds);
  if (endless) throw new UsageError(endless);
  if ((values.speed !== undefined || values.seed !== undefined) && !values.local)
    throw new UsageError('--speed and --seed set the --local server: add --local');
  const speed =
    values.speed === undefined ? undefined : parseNumberOption('--speed', values.speed, { min: 0.001, max: 10_000 });
  const local: ServerOptions = {
    // The run shares this embedded server with nobody: no budgets on either side.
    rateLimits: false,
    ...(speed !== undefined ? { clock: acceleratedClock(speed) } : {}),
    ...(values.seed !== undefined ? { market: { seed: values.seed } } : {}),
  };
  const target = await openTarget(values, env, values.local ? { rateLimit: false } : {}, local);
  const json = values.json || !process.stdout.isTTY;
  const out = new DataOutput();
  const bar = process.stderr.isTTY ? process.stderr : undefined;
  const tally = new TradeTally();
  const settling: Promise<void>[] = [];
  let failure: unknown;
  let bought = 0;
  /** The buy on its way, if any: ticks that come meanwhile are skipped, not queued. */
  let buying: Promise<void> | undefined;
  let nextEpoch = 0;
  const ticks = target.client.subscribe({ ticks: symbol });
  const stop = () => void ticks.unsubscribe();
  process.once('SIGINT', stop);

  const follow = (contract: Contract) => {
    if (sellAfterSeconds !== undefined) sellAfter(contract, sellAfterSeconds);
    return contract.settled.then(
      (settlement: ContractSettlement) => {
        tally.add(settlement);
        if (json)
          out.line(
            JSON.stringify({
              contract: {
                contract_id: contract.id,
                purchase_time: contract.purchaseTime,
                buy_price: contract.buyPrice,
                ...lineOf(settlement),
              },
            }),
          );
        bar?.write(`\r${progressBar(tally.settled, count, tally.profit)}`);
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
  };

  try {
    for await (const message of ticks) {
      const epoch = (message as { tick?: { epoch?: number } }).tick?.epoch ?? 0;
      if (buying || epoch < nextEpoch || bought >= count) continue;
      buying = target.client.buy(request).then(
        (contract) => {
          // From the purchase, not the tick that prompted it: the first tick is the latest one, maybe old.
          nextEpoch = contract.purchaseTime + everySeconds;
          bought++;
          settling.push(follow(contract));
          buying = undefined;
          if (bought >= count) stop();
        },
        (error: unknown) => {
          failure ??= error;
          buying = undefined;
          stop();
        },
      );
    }
    await buying;
    await Promise.all(settling);
  } catch (error) {
    failure ??= error;
  } finally {
    process.off('SIGINT', stop);
    await buying;
    await Promise.all(settling);
    await target.close();
  }
  if (bar) bar.write('\n');
  const currency = typeof request.currency === 'string' ? request.currency : 'USD';
  out.line(json ? JSON.stringify({ summary: tally.toJSON() }) : tally.toText(currency));
  if (failure) {
    process.stderr.write(`${describeError(failure)}\n`);
    return 1;
  }
  return 0;
}

function lineOf({ status, sellPrice, profit, exitTick, exitTickTime, contract }: ContractSettlement) {
  return {
    status,
    sell_price: sellPrice,
    sell_time: contract.sell_time,
    profit,
    exit_tick: exitTick,
    exit_tick_time: exitTickTime,
  };
}
