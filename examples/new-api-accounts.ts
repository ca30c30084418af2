// Deriv's new API: lists the token's accounts over REST, then opens the first one's socket (a
// fresh OTP) and prints the account as its `balance` names it.
//
//   npx tsx examples/new-api-accounts.ts
//
// REST from DERIV_REST_URL (Deriv's is https://api.derivws.com), with DERIV_APP_ID and DERIV_TOKEN
// (a Personal Access Token). Without DERIV_REST_URL, a local server in this process and its demo
// account. The token and the OTP URL are never printed.
import { DerivClient, OptionsRest, RestError } from 'deriv-ws/options';
import { createServer } from 'deriv-ws/server';

const local = process.env.DERIV_REST_URL ? undefined : await createServer({ port: 0 });
const restUrl = process.env.DERIV_REST_URL ?? local!.restUrl;
const appId = process.env.DERIV_APP_ID ?? 'deriv-ws-example';
const token = process.env.DERIV_TOKEN ?? local?.demoToken ?? '';
let client: DerivClient | undefined;
try {
  const accounts = await new OptionsRest({ restUrl, appId, token }).accounts();
  for (const account of accounts)
    console.log(`${account.account_id} (${account.account_type}): ${account.balance} ${account.currency}`);
  const first = accounts[0];
  if (!first) throw new Error('the token has no Options accounts');

  client = new DerivClient({ api: 'options', restUrl, appId, token, accountId: first.account_id });
  await client.connect();
  console.log(`connected as ${client.account?.loginid}: ${client.account?.balance} ${client.account?.currency}`);
} catch (error) {
  // Such as `RestError 401 Unauthorized: …`: the error names the problem, never the token.
  console.error(error instanceof RestError ? `RestError ${error.status} ${error.code}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await client?.close();
  await local?.close();
}
