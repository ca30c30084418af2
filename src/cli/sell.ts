import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { currencyDigits } from './currency.js';
import { parseContractId, parseNumberOption } from './options.js';
import { DataOutput, describeError, wantsJson } from './output.js';
import { soldLine } from './stream-line.js';
import { openTarget, targetHelp, targetOptions } from './target.js';

export const sellHelp = `Usage: deriv-ws sell CONTRACT_ID [--price P] [target]

Sells an open contract of the account now, for at least P (default 0: at the market's bid),
and prints the server's reply (sold_for, balance_after, transaction_id, reference_id) as one
JSON line, or one readable line on a terminal. A refused sale (an unknown or sold contract, a
price the bid is below) prints CODE: message on stderr and exits 1.
e.g. deriv-ws sell 12345 --price 0.5 --endpoint ws://127.0.0.1:8080 --token TOKEN
  --price P             the least to take for it (default 0)
  --json                the JSON line even on a terminal
${targetHelp}`;

export async function sell(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...targetOptions, price: { type: 'string', default: '0' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const contractId = parseContractId(positionals[0], 'deriv-ws sell 12345 --local');
  const price = parseNumberOption('--price', values.price, { min: 0 });
  const target = await openTarget(values, env);
  const out = new DataOutput();
  try {
    // Money-moving: the client never sends it twice; a drop before the reply is reported, not retried.
    const reply = await target.client.send({ sell: contractId, price }).catch((error: unknown) => {
      process.stderr.write(`${describeError(error)}\n`);
    });
    if (!reply) return 1;
    const sold = reply.sell ?? {};
    if (wantsJson(values.json)) {
      out.line(JSON.stringify({ sell: sold }));
      return 0;
    }
    const currency = target.client.account?.currency;
    const digits = (await currencyDigits(target.client))(currency);
    out.line(soldLine({ ...sold }, currency ?? '', digits));
    return 0;
  } finally {
    await target.close();
  }
}
