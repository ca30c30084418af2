import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { marketTimeAt, systemClock, type ClockAnchor } from '../../../src/server/clock.js';
import { Market } from '../../../src/server/market/market.js';
import { SqliteStore } from '../../../src/server/store/sqlite-store.js';
import { META_KEYS, type ContractRecord } from '../../../src/server/store/store.js';
import { outcomeAt } from '../../../src/server/trading/settlement-rules.js';
import { specFromTerms } from '../../../src/server/trading/stored-contract.js';
import { freshDirectory } from '../../support/cli.js';
import { RawSocket } from '../../support/raw-socket.js';
import { DEMO_LOGINID, serveOn } from '../../support/serve-cli.js';
import { until } from '../../support/until.js';
import { allRows, expectConsistentChain } from '../store/store-helpers.js';

const SEED = 11;
const cents = (amount: number) => Math.round(amount * 100);

async function readFile<T>(path: string, read: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = new SqliteStore(path);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

/** What the seeded market says a stored contract's end is: the oracle, since the market is a pure function of (seed, symbol, epoch). */
function expectedEnd(record: ContractRecord) {
  const market = new Market({ seed: SEED }, systemClock);
  try {
    const spec = specFromTerms(record.terms);
    const outcome = outcomeAt(market.path(spec.symbol.symbol), spec, spec.symbol.pipSize, Number.MAX_SAFE_INTEGER)!;
    return { sellPriceCents: outcome.won ? record.payoutCents : 0, sellTimeMs: outcome.decidedAt * 1000 };
  } finally {
    market.close();
  }
}

describe('the trading sandbox across kill -9 and restarts (serve in a child process)', () => {
  it('contracts bought before a kill settle after the restart at the exit tick the market gives, once; the market clock goes on from its anchor', async () => {
    const cwd = freshDirectory();
    const db = join(cwd, 'trading.sqlite');
    const first = await serveOn(['--db', db, '--speed', '50', '--seed', String(SEED)], cwd);
    const raw = await RawSocket.open(first.url);
    await raw.answered({ authorize: first.token });
    const orders = [
      { contract_type: 'CALL', symbol: 'R_100', duration: 2, duration_unit: 'm', amount: 10 },
      { contract_type: 'DIGITODD', symbol: '1HZ100V', duration: 5, duration_unit: 't', amount: 2 },
      { contract_type: 'ONETOUCH', symbol: 'R_50', duration: 3, duration_unit: 'm', barrier: '+0.5', amount: 5 },
      { contract_type: 'PUT', symbol: 'R_25', duration: 10, duration_unit: 't', amount: 3 },
    ];
    const bought: Array<Record<string, any>> = [];
    for (const order of orders) {
      const parameters = { ...order, basis: 'stake', currency: 'USD' };
      bought.push((await raw.answered({ buy: '1', price: order.amount, parameters })).buy);
    }
    const timeBefore = (await raw.answered({ time: 1 })).time as number;
    first.cli.child.kill('SIGKILL');
    expect((await first.cli.exited).signal).toBe('SIGKILL');

    // Down, the market time still goes on at 50×: wait (about 4 s) until every contract has expired by it.
    const anchor = await readFile(
      db,
      async (store) => JSON.parse((await store.meta(META_KEYS.marketClock))!) as ClockAnchor,
    );
    expect(anchor.speed).toBe(50);
    const open = await readFile(db, (store) => store.contracts({ state: 'open', limit: 10 }));
    expect(open.map((record) => record.contractId).sort()).toEqual(bought.map((buy) => buy.contract_id).sort());
    const lastExpiry = Math.max(...open.map((record) => record.expiryTimeMs));
    await until(() => marketTimeAt(anchor, Date.now()) > lastExpiry + 10_000, 15_000);

    // Restarted without --seed and without --speed: the same market, the clock carried on at 1×.
    const second = await serveOn(['--db', db], cwd);
    const again = await RawSocket.open(second.url);
    await again.answered({ authorize: second.token });
    const askedAt = Date.now();
    const timeAfter = (await again.answered({ time: 1 })).time as number;
    const answeredAt = Date.now();
    expect(timeAfter).toBeGreaterThan(timeBefore + 180);
    // It stored a new anchor at 1×, from the market time the old one had reached at its start.
    const resumed = await readFile(
      db,
      async (store) => JSON.parse((await store.meta(META_KEYS.marketClock))!) as ClockAnchor,
    );
    expect(resumed.speed).toBe(1);
    expect(Math.abs(resumed.marketMs - marketTimeAt(anchor, resumed.wallMs))).toBeLessThan(250);
    // Bracketed by the wall-clock moments around the call (50 ms for the server clock's own reading of
    // time), not a tolerance: a loaded machine may take long to answer.
    expect(timeAfter).toBeGreaterThanOrEqual(Math.floor((marketTimeAt(resumed, askedAt) - 50) / 1000));
    expect(timeAfter).toBeLessThanOrEqual(Math.floor((marketTimeAt(resumed, answeredAt) + 50) / 1000));

    for (const buy of bought) {
      const poc = (await again.answered({ proposal_open_contract: 1, contract_id: buy.contract_id }))
        .proposal_open_contract;
      const record = open.find((contract) => contract.contractId === buy.contract_id)!;
      const end = expectedEnd(record);
      expect(poc).toMatchObject({
        contract_id: buy.contract_id,
        is_sold: 1,
        status: end.sellPriceCents > 0 ? 'won' : 'lost',
        sell_price: end.sellPriceCents / 100,
        sell_time: end.sellTimeMs / 1000,
      });
    }
    await second.stop();

    await readFile(db, async (store) => {
      const rows = await allRows(store, DEMO_LOGINID);
      expectConsistentChain(rows, (await store.account(DEMO_LOGINID))!.balanceCents);
      for (const buy of bought) {
        const record = (await store.contract(buy.contract_id))!;
        expect(record.sale).toMatchObject(expectedEnd(record));
        expect(rows.filter((row) => row.contractId === buy.contract_id).map((row) => row.action)).toEqual([
          'buy',
          'sell',
        ]);
      }
    });
  }, 60_000);

  it('after kill -9 mid-burst of buys on four connections, every acknowledged buy is in the ledger, and nothing but buys in flight', async () => {
    const cwd = freshDirectory();
    const db = join(cwd, 'burst.sqlite');
    const IN_FLIGHT_PER_CONNECTION = 8;
    const CONNECTIONS = 4;
    const parameters = {
      contract_type: 'CALL',
      symbol: 'R_100',
      duration: 60,
      duration_unit: 'm',
      basis: 'stake',
      amount: 1,
      currency: 'USD',
    };
    let contractsBefore = 0;

    for (const killAfterMs of [10, 60, 150]) {
      const server = await serveOn(['--db', db, '--rate-limits', 'off'], cwd);
      const sockets = await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          const raw = await RawSocket.open(server.url);
          await raw.answered({ authorize: server.token });
          return raw;
        }),
      );
      const acknowledged = new Map<number, { transaction_id: number; buy_price: number }>();
      let sent = 0;
      let killTimer: ReturnType<typeof setTimeout> | undefined;
      // Each connection keeps its buys in flight: one more for each reply, until the kill closes it.
      for (const raw of sockets) {
        let reqId = 0;
        const next = () => {
          if (raw.socket.readyState !== raw.socket.OPEN) return;
          sent++;
          raw.send({ buy: '1', price: 1, parameters, req_id: ++reqId });
        };
        raw.socket.on('message', (data) => {
          const message = JSON.parse(data.toString());
          if (message.msg_type !== 'buy') return;
          expect(message.error).toBeUndefined();
          acknowledged.set(message.buy.contract_id, message.buy);
          killTimer ??= setTimeout(() => server.cli.child.kill('SIGKILL'), killAfterMs);
          next();
        });
        for (let i = 0; i < IN_FLIGHT_PER_CONNECTION; i++) next();
      }
      expect((await server.cli.exited).signal).toBe('SIGKILL');
      clearTimeout(killTimer);
      await Promise.all(sockets.map((raw) => raw.closed));
      expect(acknowledged.size).toBeGreaterThan(0);

      await readFile(db, async (store) => {
        const contracts = await store.contracts({ loginid: DEMO_LOGINID, state: 'open', limit: 1_000_000 });
        const byId = new Map(contracts.map((record) => [record.contractId, record]));
        for (const [contractId, buy] of acknowledged) {
          const record = byId.get(contractId);
          expect(record, `acknowledged contract ${contractId}`).toBeDefined();
          expect(record!.buyTransactionId).toBe(buy.transaction_id);
          expect(record!.buyPriceCents).toBe(cents(buy.buy_price));
        }
        // Committed but not acknowledged: only buys that were in flight at the kill, never more.
        const thisRun = contracts.length - contractsBefore;
        expect(thisRun).toBeGreaterThanOrEqual(acknowledged.size);
        expect(thisRun - acknowledged.size).toBeLessThanOrEqual(
          Math.min(sent - acknowledged.size, CONNECTIONS * IN_FLIGHT_PER_CONNECTION),
        );
        contractsBefore = contracts.length;

        const rows = await allRows(store, DEMO_LOGINID);
        expectConsistentChain(rows, (await store.account(DEMO_LOGINID))!.balanceCents);
        const buyRows = rows.filter((row) => row.action === 'buy');
        expect(buyRows).toHaveLength(contracts.length);
        expect(new Set(buyRows.map((row) => row.contractId))).toEqual(new Set(byId.keys()));
      });
    }
  }, 60_000);
});
