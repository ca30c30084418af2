import { parseArgs } from 'node:util';
import type { Contract, ContractSettlement } from '../client/node.js';
import { parseNumberOption } from './options.js';
import { DataOutput, describeError } from './output.js';
import { MULTIPLIER_EXAMPLE, PROPOSAL_EXAMPLE, proposalRequest } from './proposal-input.js';
import { openTarget, targetHelp, targetOptions } from './target.js';

export const buyHelp = `Usage: deriv-ws buy '<proposal json>' [--max-price P] [--follow] [target]

Prices the proposal and buys it at that price (or at most --max-price), then prints the
contract as one JSON line. With --follow, prints each proposal_open_contract as a JSON line
until the contract is sold, then a last line {"settled": {...}}. A refused buy prints
CODE: message on stderr and exits 1. Ctrl-C stops following; the contract stays open.
A multiplier (MULTUP, MULTDOWN) has no expiry and a payout of 0: it is followed until it is
sold (deriv-ws sell ID), or closed by its take profit, stop loss or stop out. An accumulator
(ACCU, with a growth_rate) also pays 0 up front: it ends by itself, knocked out or at its most ticks.
e.g. deriv-ws buy '${PROPOSAL_EXAMPLE}' --local --follow
     deriv-ws buy '${MULTIPLIER_EXAMPLE}' --local
  --max-price P         the most to pay (default: the ask the proposal gives)
  --follow              follow the contract until it is sold
${targetHelp}`;

export async function buy(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...targetOptions, 'max-price': { type: 'string' }, follow: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const request = await proposalRequest(positionals);
  const maxPrice =
    values['max-price'] === undefined ? undefined : parseNumberOption('--max-price', values['max-price'], { min: 0 });
  const target = await openTarget(values, env);
  const out = new DataOutput();
  try {
    let contract: Contract;
    try {
      contract = await target.client.buy(maxPrice === undefined ? request : { ...request, maxPrice });
    } catch (error) {
      process.stderr.write(`${describeError(error)}\n`);
      return 1;
    }
    out.line(JSON.stringify(boughtLine(contract)));
    if (!values.follow) {
      await contract.unsubscribe();
      return 0;
    }
    const stop = () => void contract.unsubscribe();
    process.once('SIGINT', stop);
    void out.closed.then(stop);
    try {
      for await (const update of contract) {
        out.line(JSON.stringify({ proposal_open_contract: update }));
        if (out.isClosed) break;
      }
    } catch (error) {
      process.stderr.write(`${describeError(error)}\n`);
      return 1;
    } finally {
      process.off('SIGINT', stop);
    }
    if (contract.settlement) out.line(JSON.stringify({ settled: settledLine(contract.settlement, contract.id) }));
    return 0;
  } finally {
    await target.close();
  }
}

/** The bought contract as the buy command prints it: `{"buy": {…}}`, in the server's field names. */
export function boughtLine(contract: Contract) {
  const { id, buyPrice, payout, purchaseTime, longcode, transactionId } = contract;
  return {
    buy: {
      contract_id: id,
      buy_price: buyPrice,
      payout,
      purchase_time: purchaseTime,
      longcode,
      transaction_id: transactionId,
    },
  };
}

function settledLine(settlement: ContractSettlement, contractId: number) {
  const { status, sellPrice, profit, exitTick, exitTickTime } = settlement;
  return {
    contract_id: contractId,
    status,
    sell_price: sellPrice,
    profit,
    ...(exitTick !== undefined ? { exit_tick: exitTick, exit_tick_time: exitTickTime } : {}),
  };
}
