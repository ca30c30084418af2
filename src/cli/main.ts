#!/usr/bin/env node
import { reportFailure, UsageError } from './errors.js';
import { buy, buyHelp } from './buy.js';
import { ping, pingHelp } from './ping.js';
import { portfolio, portfolioHelp } from './portfolio.js';
import { profit, profitHelp } from './profit.js';
import { repl, replHelp } from './repl.js';
import { sell, sellHelp } from './sell.js';
import { send, sendHelp } from './send.js';
import { serve, serveHelp } from './serve.js';
import { statement, statementHelp } from './statement.js';
import { subscribe, subscribeHelp } from './subscribe.js';
import { trade, tradeHelp } from './trade.js';

const commands: Record<
  string,
  { run: (argv: string[], env: NodeJS.ProcessEnv) => Promise<number>; help: string; summary: string }
> = {
  serve: { run: serve, help: serveHelp, summary: 'run the local v3 server and the demo page' },
  ping: { run: ping, help: pingHelp, summary: 'measure round trips, like ping(8)' },
  send: { run: send, help: sendHelp, summary: 'send a request, print the reply' },
  subscribe: { run: subscribe, help: subscribeHelp, summary: 'stream messages as NDJSON' },
  repl: { run: repl, help: replHelp, summary: 'an interactive session' },
  buy: { run: buy, help: buyHelp, summary: 'buy a contract, optionally follow it until sold' },
  sell: { run: sell, help: sellHelp, summary: 'sell an open contract now, for at least --price' },
  portfolio: { run: portfolio, help: portfolioHelp, summary: "the account's open contracts" },
  statement: { run: statement, help: statementHelp, summary: "the account's transactions, newest first" },
  profit: { run: profit, help: profitHelp, summary: "the account's sold contracts and what each made" },
  trade: { run: trade, help: tradeHelp, summary: 'a strategy runner: buy every tick, then the tally' },
};

const usage = `Usage: deriv-ws <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, { summary }]) => `  ${name.padEnd(11)}${summary}`)
  .join('\n')}

Run "deriv-ws <command> --help" for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${usage}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"; try --help`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, process.env);
  } catch (error) {
    // parseArgs reports unknown or malformed flags with a code; they are usage errors, and
    // one line each (its message for `--price -1` has three).
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))
      throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, ' '));
    throw error;
  }
}

// exitCode rather than exit(): every command must leave nothing running, so the process
// ending by itself is part of the contract (and a leak shows up as a hang in the tests).
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => (process.exitCode = reportFailure(error)),
);
