// A bot's loop on the trading sandbox, offline: a seeded market 50 times faster than real time,
// N one-tick "even" contracts on Volatility 100 (1s), then the profit table's tally.
//
//   npx tsx examples/trading-bot.ts [COUNT]      (default 1000, about 40 s)
//
// The same seed gives the same market; a contract's outcome depends on the tick it lands on.
// The local server's database is `:memory:` here, so every run starts from 10 000 USD.
import { DerivClient } from 'deriv-ws';
import { acceleratedClock, createServer } from 'deriv-ws/server';

const count = Number(process.argv[2] ?? 1_000);
// A backtest shares its rate budgets with nobody: they are off on the server, and the client does not
// pace itself to the real server's published ones (which allow far fewer buys a minute).
const server = await createServer({ port: 0, market: { seed: 42 }, clock: acceleratedClock(50), rateLimits: false });
const client = new DerivClient({ url: server.url, rateLimit: false });
try {
  await client.authorize(server.demoToken!);
  let won = 0;
  for (let i = 0; i < count; i++) {
    // Priced, then bought at that price; the handle follows the contract until it is sold.
    const contract = await client.buy({
      proposal: 1,
      contract_type: 'DIGITEVEN',
      symbol: '1HZ100V',
      currency: 'USD',
      basis: 'stake',
      amount: 1,
      duration: 1,
      duration_unit: 't',
    });
    if ((await contract.settled).status === 'won') won++;
  }
  const { profit_table: table } = await client.send({ profit_table: 1, limit: 500 });
  const { balance } = await client.send({ balance: 1 });
  console.log(`${count} contracts: ${won} won, ${count - won} lost`);
  console.log(`last ${table!.count} in the profit table; balance ${balance!.balance} ${balance!.currency}`);
} finally {
  await client.close();
  await server.close();
}
