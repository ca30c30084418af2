// Authorizes, prints the account and its balance, then the first message of its balance stream.
//
//   npx tsx examples/balance.ts
//
// The token comes from DERIV_TOKEN (or the embedded server's demo account) and is never printed.
import { DerivError } from 'deriv-ws';
import { openTarget } from './target.js';

const target = await openTarget();
try {
  if (target.token === undefined) throw new Error('set DERIV_TOKEN to authorize with DERIV_URL');
  const { authorize } = await target.client.authorize(target.token);
  console.log(
    `${authorize.loginid} (${authorize.is_virtual ? 'virtual' : 'real'}): ${authorize.balance} ${authorize.currency}`,
  );

  // A stream needs authorization; it starts with the balance now, then one message per change.
  for await (const { balance } of target.client.subscribe({ balance: 1 })) {
    console.log(`balance stream: ${balance.balance} ${balance.currency}`);
    break;
  }
} catch (error) {
  // Such as `InvalidToken: The token is invalid.`: the error names the problem, never the token.
  console.error(error instanceof DerivError ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await target.close();
}
