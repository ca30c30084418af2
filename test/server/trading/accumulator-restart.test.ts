import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { silentLogger } from '../../../src/server/logger.js';
import { Market } from '../../../src/server/market/market.js';
import { SqliteStore } from '../../../src/server/store/sqlite-store.js';
import { SWEEP_SECONDS, Settler } from '../../../src/server/trading/settler.js';
import { orderFacts } from '../../../src/server/trading/trade-order.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RawSocket } from '../../support/raw-socket.js';
import { until } from '../../support/until.js';
import { newAccount } from '../store/store-helpers.js';
import { ACCU_R_100, buyAccumulator, cents, firstStart } from './accumulators.js';
import { multiplierSandbox, SEED } from './multipliers.js';
import { TRADER, viewOf } from './sandbox.js';

const settled = () => new Promise((resolve) => setImmediate(resolve));

function freshDatabase(): string {
  const directory = mkdtempSync(join(tmpdir(), 'deriv-ws-accu-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return join(directory, 'trading.sqlite');
}

describe('accumulators across restarts and nodes', () => {
  it('after a restart on the same SQLite file, each settles at the tick the market gives, once: one that ended while the server was down, one still running', async () => {
    const takeProfit = firstStart(
      { ...ACCU_R_100, limit_order: { take_profit: 1 } },
      (e) => e.reason === 'take-profit',
    );
    const knockedOut = firstStart(ACCU_R_100, (e) => e.reason === 'knocked-out' && e.ticks >= 20);
    expect(knockedOut.start).toBeGreaterThan(takeProfit.start);
    const db = freshDatabase();
    const first = await multiplierSandbox({ db });
    first.clock.advanceTo(takeProfit.start);
    const early = await buyAccumulator(first.raw, { limit_order: { take_profit: 1 } });
    first.clock.advanceTo(knockedOut.start);
    const late = await buyAccumulator(first.raw, {});
    await first.server.close();

    // Down past the first one's end, not the second's: the next start finds both open.
    const restartAt = takeProfit.end.epoch + 10;
    expect(restartAt).toBeLessThan(knockedOut.end.epoch - 4);
    const clock = new ManualClock(restartAt * 1000 + 100);
    const second = await multiplierSandbox({ db, clock });
    const raw = await RawSocket.open(second.server.url);
    await raw.answered({ authorize: TRADER });
    await raw.answered({ portfolio: 1 });
    expect(await viewOf(raw, early.contract_id)).toMatchObject({
      is_sold: 1,
      status: 'won',
      sell_time: takeProfit.end.epoch,
      sell_price: cents(takeProfit.end.sellPrice),
    });
    expect(await viewOf(raw, late.contract_id)).toMatchObject({
      is_sold: 0,
      tick_passed: (restartAt - knockedOut.entryEpoch) / 2,
    });
    // The clock goes on, second by second: the settler it started with sells the second at its own tick.
    for (let second = restartAt + 1; second <= knockedOut.end.epoch; second++) {
      clock.advanceTo(second);
      await settled();
    }
    await until(async () => (await viewOf(raw, late.contract_id)).is_sold === 1);
    expect(await viewOf(raw, late.contract_id)).toMatchObject({
      status: 'lost',
      sell_price: 0,
      sell_time: knockedOut.end.epoch,
      exit_tick: knockedOut.end.quote,
    });
    const sells = (await raw.answered({ statement: 1, action_type: 'sell' })).statement.transactions;
    expect(sells.map((row: { contract_id: number }) => row.contract_id).sort()).toEqual(
      [early.contract_id, late.contract_id].sort(),
    );
  });

  it('the sweep finds an open accumulator no event announced, from its entry on, and settles it once at its knock-out', async () => {
    const { start, spec, path, entryEpoch, end } = firstStart(
      ACCU_R_100,
      (e) => e.reason === 'knocked-out' && e.ticks >= 10,
    );
    const clock = new ManualClock(start * 1000 + 100);
    const file = freshDatabase();
    // Two stores on one file: SQLite tells neither what the other committed, as a node cut off from
    // Redis hears nothing of the buys of that time.
    const here = new SqliteStore(file, { clock });
    const elsewhere = new SqliteStore(file, { clock });
    const market = new Market({ seed: SEED }, clock);
    const settling = new Settler(here, market, clock, silentLogger);
    onTestFinished(async () => {
      settling.stop();
      market.close();
      await here.close();
      await elsewhere.close();
    });
    await here.ensureAccount(newAccount('VRTC1', 100_000));
    await settling.start();
    const { contract } = await elsewhere.buyContract({
      loginid: 'VRTC1',
      symbol: 'R_100',
      contractType: 'ACCU',
      currency: 'USD',
      buyPriceCents: 1_000,
      payoutCents: 0,
      purchaseTimeMs: start * 1000,
      ...orderFacts(spec, 0, path),
    });
    expect(settling.size).toBe(0);
    const run = async (to: number) => {
      for (let second = Math.floor(clock.now() / 1000) + 1; second <= to; second++) {
        clock.advanceTo(second);
        for (let turn = 0; turn < 3; turn++) await settled();
      }
    };
    // Tracked once its entry is SWEEP_SECONDS old, long before its end.
    await run(entryEpoch + SWEEP_SECONDS + 5);
    expect(settling.size).toBe(1);
    expect(end.epoch).toBeGreaterThan(entryEpoch + SWEEP_SECONDS + 5);
    expect((await here.contract(contract.contractId))!.sale).toBeUndefined();
    await run(end.epoch);
    await until(async () => (await here.contract(contract.contractId))!.sale !== undefined);
    expect((await here.contract(contract.contractId))!.sale).toMatchObject({
      sellPriceCents: 0,
      sellTimeMs: end.epoch * 1000,
    });
    const sells = await here.ledger('VRTC1', { limit: 10, action: 'sell' });
    expect(sells.filter((row) => row.contractId === contract.contractId)).toHaveLength(1);
    expect(settling.size).toBe(0);
  });
});
