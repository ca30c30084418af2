import { clearLine, createInterface, cursorTo } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Contract, Subscription } from '../client/node.js';
import { CALLS, callNameOf } from '../protocol/calls.js';
import { boughtLine } from './buy.js';
import { currencyDigits } from './currency.js';
import { UsageError } from './errors.js';
import { type LimitOrderChange, parseLimitOrderChange } from './limit-order-input.js';
import { parseContractId, parseNumberOption } from './options.js';
import { DataOutput, describeError } from './output.js';
import { PORTFOLIO } from './portfolio.js';
import { PROPOSAL_EXAMPLE, proposalFrom } from './proposal-input.js';
import { completeLine, type ReplInput, readLine } from './repl-input.js';
import { boughtText, compactLine, contractLine, type LineContext, limitOrdersLine, soldLine } from './stream-line.js';
import { formatTable } from './table.js';
import { openTarget, targetHelp, targetOptions, type Target } from './target.js';

export const replHelp = `Usage: deriv-ws repl [target]

Type a request as JSON, or a shorthand; replies and stream messages print as they arrive, each
stream message as one compact line (sub-1 R_100 2583.24 02:59:54; a contract: id, status, P/L).
  ping | time                      {"ping":1} | {"time":1}
  ticks SYMBOL [SYMBOL…]           stream ticks
  buy <proposal json>              buy it at the price asked now, and follow it until sold
  sell ID [PRICE]                  sell an open contract for at least PRICE (default 0: at market)
  update ID [tp=N] [sl=N]          a multiplier's take profit and stop loss (tp=none removes one)
  cancel ID                        a multiplier's deal cancellation: the stake back, within its window
  portfolio                        the open contracts, as a table
  forget ID                        stop a stream (its sub-N id, the server's id, or a contract id)
  forget_all TYPE [TYPE…]          stop every stream of these types
  .json                            stream messages as raw JSON, or compact again
  .streams | .help | .exit
Up and down recall earlier lines; Tab completes call names.
e.g. buy ${PROPOSAL_EXAMPLE}
${targetHelp}`;

/** A stream the session follows, by its label: a subscription's `sub-N`, a bought contract's id. */
interface Followed {
  label: string;
  serverIds: readonly string[];
  unsubscribe(): Promise<void>;
}

function streams(request: Record<string, unknown>): boolean {
  const name = callNameOf(request);
  const info = name ? CALLS.get(name) : undefined;
  return info?.subscribe === 'always' || (info?.subscribe === 'optional' && request.subscribe === 1);
}

export async function repl(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: targetOptions,
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const target: Target = await openTarget(values, env);
  const client = target.client;
  const out = new DataOutput();
  const live = new Map<string, Followed>();
  /** Raw JSON for stream messages instead of compact lines (`.json`). */
  let raw = false;
  const context: LineContext = {
    digits: () => 2,
    // The account may change in the session (`{"authorize": …}`): asked at each line.
    get currency() {
      return client.account?.currency;
    },
  };
  // Asked in the background: the first lines need not wait for it, and 2 decimals is right until it comes.
  void currencyDigits(client).then((digits) => (context.digits = digits));

  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    completer: completeLine,
    historySize: 1_000,
    prompt: 'deriv> ',
  });
  const terminal = process.stdout.isTTY === true;
  /**
   * Prints above the prompt. On a terminal a stream line can come while something is half
   * typed: the prompt line is cleared, the text written, then the prompt and what was typed
   * are drawn again below it, cursor and all.
   */
  const print = (text: string) => {
    if (terminal) {
      clearLine(process.stdout, 0);
      cursorTo(process.stdout, 0);
    }
    out.line(text);
    rl.prompt(true);
  };
  const printMessage = (label: string, message: Record<string, unknown>) =>
    print(`${label} ${(!raw && compactLine(message, context)) || JSON.stringify(message)}`);
  const printError = (error: unknown) => print(`error: ${describeError(error)}`);

  const open = (request: Record<string, unknown>) => {
    let subscription: Subscription<Record<string, unknown>>;
    try {
      subscription = client.subscribe(request as never) as unknown as Subscription<Record<string, unknown>>;
    } catch (error) {
      return printError(error);
    }
    live.set(subscription.id, {
      label: subscription.id,
      get serverIds() {
        return subscription.serverIds;
      },
      unsubscribe: () => subscription.unsubscribe(),
    });
    print(`${subscription.id} subscribed; "forget ${subscription.id}" stops it`);
    subscription.on('data', (message) => printMessage(subscription.id, message));
    subscription.on('error', (error) => print(`${subscription.id} error: ${describeError(error)}`));
    subscription.on('end', () => live.delete(subscription.id));
  };

  /** Follows a bought contract until it is sold: one line per update, labelled `contract`. */
  const follow = (contract: Contract) => {
    const label = String(contract.id);
    live.set(label, { label, serverIds: [], unsubscribe: () => contract.unsubscribe() });
    const show = (update: NonNullable<Contract['latest']>) =>
      print(
        raw
          ? `contract ${JSON.stringify({ proposal_open_contract: update })}`
          : `contract ${contractLine({ ...update }, context)}`,
      );
    // Updates that came with the buy's reply, before this listener.
    if (contract.latest) show(contract.latest);
    contract.on('update', show);
    contract.on('error', (error) => print(`contract ${label} error: ${describeError(error)}`));
    contract.settled.then(
      () => live.delete(label),
      () => live.delete(label),
    );
  };

  const buy = async (text: string | undefined) => {
    if (!text) return print(`error: buy needs a proposal, e.g. buy ${PROPOSAL_EXAMPLE}`);
    let contract: Contract;
    try {
      contract = await client.buy(proposalFrom(text));
    } catch (error) {
      return printError(error);
    }
    const line = boughtLine(contract);
    print(raw ? JSON.stringify(line) : `bought ${boughtText(line.buy, context)}`);
    follow(contract);
  };

  const sell = async (args: string[]) => {
    let request: { sell: number; price: number };
    try {
      request = {
        sell: parseContractId(args[0], 'sell 12345'),
        price: args[1] === undefined ? 0 : parseNumberOption('PRICE', args[1], { min: 0 }),
      };
    } catch (error) {
      return print(`error: ${(error as Error).message}`);
    }
    try {
      const reply = await client.send(request);
      print(
        raw
          ? JSON.stringify(reply)
          : soldLine({ ...reply.sell }, context.currency ?? '', context.digits(context.currency)),
      );
    } catch (error) {
      printError(error);
    }
  };

  const update = async (args: string[]) => {
    let request: { contract_update: 1; contract_id: number; limit_order: LimitOrderChange };
    try {
      request = {
        contract_update: 1,
        contract_id: parseContractId(args[0], 'update 12345 tp=5 sl=none'),
        limit_order: parseLimitOrderChange(args.slice(1)),
      };
    } catch (error) {
      return print(`error: ${(error as Error).message}`);
    }
    try {
      const reply = await client.send(request);
      print(
        raw
          ? JSON.stringify(reply)
          : limitOrdersLine(
              request.contract_id,
              { ...reply.contract_update },
              context.currency ?? '',
              context.digits(context.currency),
            ),
      );
    } catch (error) {
      printError(error);
    }
  };

  const cancel = async (id: string | undefined) => {
    let contractId: number;
    try {
      contractId = parseContractId(id, 'cancel 12345');
    } catch (error) {
      return print(`error: ${(error as Error).message}`);
    }
    try {
      const reply = await client.send({ cancel: contractId });
      print(
        raw
          ? JSON.stringify(reply)
          : soldLine({ ...reply.cancel }, context.currency ?? '', context.digits(context.currency), 'cancelled'),
      );
    } catch (error) {
      printError(error);
    }
  };

  const portfolio = async () => {
    try {
      const reply = (await client.send({ portfolio: 1 })) as unknown as Record<string, unknown>;
      const rows = PORTFOLIO.rows(reply);
      if (raw) print(JSON.stringify(reply));
      else if (rows.length === 0) print(PORTFOLIO.empty);
      else print(formatTable(PORTFOLIO.columns(context.digits, context.currency), rows).join('\n'));
    } catch (error) {
      printError(error);
    }
  };

  const forget = async (id: string | undefined) => {
    const match = [...live.values()].find((followed) => followed.label === id || followed.serverIds.includes(id ?? ''));
    if (match) {
      await match.unsubscribe();
      live.delete(match.label);
      return print(`${match.label} forgotten`);
    }
    if (!id) return print('forget needs an id, e.g. forget sub-1');
    await handle({ request: { forget: id } });
  };

  const handle = async (input: ReplInput): Promise<boolean> => {
    if ('error' in input) {
      print(`error: ${input.error}`);
      return true;
    }
    if ('command' in input) {
      switch (input.command) {
        case '.exit':
        case '.quit':
          return false;
        case '.help':
          print(replHelp);
          return true;
        case '.json':
          raw = !raw;
          print(
            raw
              ? 'stream messages as raw JSON (.json: compact lines)'
              : 'stream messages as compact lines (.json: raw JSON)',
          );
          return true;
        case '.streams':
          print(
            live.size
              ? [...live.values()]
                  .map((followed) => `${followed.label} ${followed.serverIds.join(',') || 'contract'}`)
                  .join('\n')
              : 'no streams',
          );
          return true;
        case 'forget':
          await forget(input.args[0]);
          return true;
        case 'buy':
          await buy(input.args[0]);
          return true;
        case 'sell':
          await sell(input.args);
          return true;
        case 'update':
          await update(input.args);
          return true;
        case 'cancel':
          await cancel(input.args[0]);
          return true;
        case 'portfolio':
          await portfolio();
          return true;
        default:
          print(`error: unknown command "${input.command}"; type .help`);
          return true;
      }
    }
    if (streams(input.request)) {
      open(input.request);
      return true;
    }
    try {
      print(JSON.stringify(await client.send(input.request as never)));
    } catch (error) {
      printError(error);
    }
    return true;
  };

  rl.prompt();
  let queue = Promise.resolve(true);
  await new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      if (!line.trim()) return rl.prompt();
      // One line at a time, in order, even when they arrive together (a pasted block, a pipe).
      queue = queue
        .then((going) => (going ? handle(readLine(line)) : false))
        .then((going) => {
          if (!going) rl.close();
          return going;
        });
    });
    rl.on('close', () => void queue.then(() => resolve()));
    rl.on('SIGINT', () => rl.close());
  });
  for (const followed of live.values()) await followed.unsubscribe();
  await target.close();
  return 0;
}
