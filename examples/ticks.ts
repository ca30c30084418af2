// Prints the ticks of one symbol to stdout, one `epoch quote` line each, then exits.
//
//   npx tsx examples/ticks.ts [SYMBOL] [COUNT]        (defaults: R_100, 5)
//
// Breaking out of the `for await` loop unsubscribes (the client sends `forget`).
import { DerivError } from 'deriv-ws';
import { openTarget } from './target.js';

const [symbol = 'R_100', countText = '5'] = process.argv.slice(2);
const count = Number(countText);
if (!Number.isInteger(count) || count < 1) {
  console.error(`COUNT must be a whole number of 1 or more, not ${countText}`);
  process.exit(2);
}

const target = await openTarget();
try {
  let printed = 0;
  for await (const { tick } of target.client.subscribe({ ticks: symbol })) {
    console.log(`${tick.epoch} ${tick.quote}`);
    if (++printed === count) break;
  }
} catch (error) {
  // A refusal is the server's code and message, such as `InvalidSymbol: Symbol X is invalid.`
  console.error(error instanceof DerivError ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await target.close();
}
