// A martingale bot on the local server, offline: double the stake after each loss, back to the
// base stake after a win, on one-tick "even" contracts over a seeded market 50 times faster than
// real time. It stops after ROUNDS contracts, or when the next stake would pass the cap, and
// prints each round and the tally. (A martingale loses in the end; a backtest shows how fast.)
//
//   npx tsx examples/martingale.ts [ROUNDS] [SEED]      (default 50 rounds, seed 7)
import { DerivClient } from 'deriv-ws';
import { acceleratedClock, createServer } from 'deriv-ws/server';

const rounds = Number(process.argv[2] ?? 50);
const seed = Number(process.argv[3] ?? 7);
const BASE_STAKE = 1;
const MAX_STAKE = 64;

const server = await createServer({ port: 0, market: { seed }, clock: acceleratedClock(50), rateLimits: false });
const client = new DerivClient({ url: server.url, rateLimit: false });
try {
  await client.authorize(server.demoToken!);
  let stake = BASE_STAKE;
  let profit = 0;
  let peak = 0;
  let maxDrawdown = 0;
  let wins = 0;
  let played = 0;
  for (; played < rounds && stake <= MAX_STAKE; played++) {
    const contract = await client.buy({
      proposal: 1,
      contract_type: 'DIGITEVEN',
      symbol: '1HZ100V',
      currency: 'USD',
      basis: 'stake',
      amount: stake,
      duration: 1,
      duration_unit: 't',
    });
    const settled = await contract.settled;
    profit = Math.round((profit + settled.profit) * 100) / 100;
    peak = Math.max(peak, profit);
    maxDrawdown = Math.max(maxDrawdown, Math.round((peak - profit) * 100) / 100);
    console.log(
      `#${played + 1} stake ${stake.toFixed(2)} ${settled.status} ${settled.profit.toFixed(2)} P/L ${profit.toFixed(2)}`,
    );
    if (settled.status === 'won') {
      wins++;
      stake = BASE_STAKE;
    } else stake *= 2;
  }
  const stopped = played < rounds ? ` (stopped: the next stake, ${stake}, passes the cap of ${MAX_STAKE})` : '';
  console.log(
    `${played} rounds: ${wins} won, ${played - wins} lost, P/L ${profit.toFixed(2)} USD, max drawdown ${maxDrawdown.toFixed(2)}${stopped}`,
  );
} finally {
  await client.close();
  await server.close();
}
