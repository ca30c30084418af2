import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { acceleratedClock, type Clock } from '../../../src/server/clock.js';
import { silentLogger } from '../../../src/server/logger.js';
import { Market } from '../../../src/server/market/market.js';
import { SqliteStore } from '../../../src/server/store/sqlite-store.js';
import type { ContractRecord, Store } from '../../../src/server/store/store.js';
import type { ContractSpec } from '../../../src/server/trading/contract-spec.js';
import { outcomeAt } from '../../../src/server/trading/settlement-rules.js';
import { SWEEP_SECONDS, Settler, type StoredOutcome } from '../../../src/server/trading/settler.js';
import { specFromTerms, storedTerms } from '../../../src/server/trading/stored-contract.js';
import { validateContract } from '../../../src/server/trading/validate-contract.js';
import { until } from '../../support/until.js';
import { newAccount } from '../store/store-helpers.js';

const SEED = 7;

/** A store with one account, a seeded market on a fast clock, closed when the test ends. */
async function setUp(speed = 50) {
  const clock = acceleratedClock(speed);
  const store = new SqliteStore(':memory:', { clock });
  const market = new Market({ seed: SEED }, clock);
  onTestFinished(async () => {
    market.close();
    await store.close();
  });
  await store.ensureAccount(newAccount('CR1', 100_000));
  return { clock, store, market };
}

function settler(store: Store, market: Market, clock: Clock): Settler {
  const it = new Settler(store, market, clock, silentLogger);
  onTestFinished(() => it.stop());
  return it;
}

/** Buys a contract as the trading family will: validated, priced elsewhere, its spec stored as terms. */
async function buy(
  store: Store,
  clock: Clock,
  params: Record<string, unknown>,
  payoutCents = 1_950,
): Promise<ContractRecord> {
  return (await bought(store, clock, params, payoutCents)).contract;
}

/** `buy`, with the spec its terms were written from, as the buy handler holds it. */
async function bought(
  store: Store,
  clock: Clock,
  params: Record<string, unknown>,
  payoutCents: number,
): Promise<{ contract: ContractRecord; spec: ContractSpec }> {
  const now = Math.floor(clock.now() / 1000);
  const checked = validateContract({ symbol: 'R_100', currency: 'USD', basis: 'stake', amount: 1, ...params }, { now });
  if (!checked.ok) throw new Error(checked.error.message);
  const spec = checked.value;
  const { contract } = await store.buyContract({
    loginid: 'CR1',
    symbol: spec.symbol.symbol,
    contractType: spec.contractType,
    currency: 'USD',
    buyPriceCents: 100,
    payoutCents,
    purchaseTimeMs: now * 1000,
    expiryTimeMs: (spec.dateExpiry + 60) * 1000,
    shortcode: 'test',
    longcode: 'test',
    terms: storedTerms(spec),
  });
  return { contract, spec };
}

/** What the market says the contract's end is. */
function expected(market: Market, record: ContractRecord) {
  const spec = specFromTerms(record.terms);
  return outcomeAt(market.path(spec.symbol.symbol), spec, spec.symbol.pipSize, Number.MAX_SAFE_INTEGER)!;
}

/** Each contract sold at its payout or 0, at the exit tick and with the outcome its stored terms give. */
async function expectSettledAsTheMarketSays(store: Store, market: Market, records: readonly ContractRecord[]) {
  for (const record of records) {
    const sold = (await store.contract(record.contractId))!;
    const outcome = expected(market, record);
    expect(sold.sale!.sellPriceCents).toBe(outcome.won ? record.payoutCents : 0);
    expect(sold.sale!.sellTimeMs).toBe(outcome.decidedAt * 1000);
    const stored = JSON.parse(sold.sale!.outcome) as StoredOutcome;
    expect(stored).toEqual({
      status: outcome.won ? 'won' : 'lost',
      entry: outcome.entry,
      exit: outcome.exit,
      barrier: outcome.barrier,
    });
  }
}

describe('the settler', () => {
  it('settles contracts by itself once the market decides them, at payout or 0, with the exit tick', async () => {
    const { clock, store, market } = await setUp();
    const settling = settler(store, market, clock);
    await settling.start();
    const bought = [
      await buy(store, clock, { contract_type: 'CALL', duration: 1, duration_unit: 't' }),
      await buy(store, clock, { contract_type: 'DIGITODD', duration: 3, duration_unit: 't' }),
      await buy(store, clock, { contract_type: 'PUT', duration: 15, duration_unit: 's' }),
      await buy(store, clock, { contract_type: 'ONETOUCH', duration: 5, duration_unit: 't', barrier: '+0.5' }),
    ];
    for (const record of bought) settling.track(record);
    await until(async () => (await store.contracts({ state: 'open', limit: 10 })).length === 0, 10_000);
    expect(settling.size).toBe(0);
    await expectSettledAsTheMarketSays(store, market, bought);
  });

  it('tracking a bought contract from the spec it was stored from settles it exactly as from its terms', async () => {
    const { clock, store, market } = await setUp();
    const settling = settler(store, market, clock);
    await settling.start();
    const contracts = [
      await bought(store, clock, { contract_type: 'CALL', duration: 1, duration_unit: 't' }, 1_950),
      await bought(store, clock, { contract_type: 'DIGITMATCH', duration: 2, duration_unit: 't', barrier: '4' }, 900),
      await bought(store, clock, { contract_type: 'PUT', duration: 5, duration_unit: 't', barrier: '-0.3' }, 1_800),
      await bought(store, clock, { contract_type: 'NOTOUCH', duration: 5, duration_unit: 't', barrier: '+0.5' }, 1_700),
    ];
    // Terms it could not read: what it settles by is the spec given, not the terms parsed back.
    for (const { contract, spec } of contracts) settling.track({ ...contract, terms: '{}' }, spec);
    expect(settling.size).toBe(contracts.length);
    await until(async () => (await store.contracts({ state: 'open', limit: 10 })).length === 0, 10_000);
    expect(settling.size).toBe(0);
    await expectSettledAsTheMarketSays(
      store,
      market,
      contracts.map(({ contract }) => contract),
    );
  });

  it('after a restart, settles what expired while it was down, at the right exit tick, once', async () => {
    const { clock, store, market } = await setUp(200);
    const record = await buy(store, clock, { contract_type: 'CALL', duration: 2, duration_unit: 't' });
    // Nobody settles it: the "server" is down until well after its exit tick.
    await until(() => Math.floor(clock.now() / 1000) > expected(market, record).decidedAt + 20, 5_000);
    const first = settler(store, market, clock);
    const second = settler(store, market, clock);
    await Promise.all([first.start(), second.start()]);
    await until(async () => (await store.contract(record.contractId))!.sale !== undefined, 5_000);
    const outcome = expected(market, record);
    const sold = (await store.contract(record.contractId))!;
    expect(sold.sale!.sellTimeMs).toBe(outcome.decidedAt * 1000);
    const sells = (await store.ledger('CR1', { limit: 10, action: 'sell' })).filter(
      (row) => row.contractId === record.contractId,
    );
    expect(sells).toHaveLength(1);
    await until(() => first.size === 0 && second.size === 0);
  });

  it('settleDecided() sells at once what the market has decided, without waiting for the timer', async () => {
    const { clock, store, market } = await setUp(400);
    const record = await buy(store, clock, { contract_type: 'DIGITEVEN', duration: 1, duration_unit: 't' });
    await until(() => Math.floor(clock.now() / 1000) >= expected(market, record).decidedAt, 5_000);
    const settling = new Settler(store, market, clock, silentLogger);
    onTestFinished(() => settling.stop());
    await settling.start();
    expect(await settling.settleDecided('CR1')).toBe(1);
    expect((await store.contract(record.contractId))!.sale).toBeDefined();
  });

  it('sweeps up, once, an open contract it never heard of: bought by another process, whose event never came', async () => {
    const clock = acceleratedClock(200);
    const dir = mkdtempSync(join(tmpdir(), 'deriv-ws-sweep-'));
    const file = join(dir, 'ledger.sqlite');
    // Two stores on one file: SQLite tells neither what the other committed, as a node cut off from
    // Redis hears nothing of the buys of that time.
    const here = new SqliteStore(file, { clock });
    const elsewhere = new SqliteStore(file, { clock });
    const market = new Market({ seed: SEED }, clock);
    onTestFinished(async () => {
      market.close();
      await here.close();
      await elsewhere.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await here.ensureAccount(newAccount('CR1', 100_000));
    const settling = settler(here, market, clock);
    await settling.start();
    const record = await buy(elsewhere, clock, { contract_type: 'CALL', duration: 1, duration_unit: 't' });
    expect(settling.size).toBe(0);
    const decidedAt = expected(market, record).decidedAt;
    await until(async () => (await here.contract(record.contractId))!.sale !== undefined, 5_000);
    // Not before its grace: a contract being settled by whoever heard of it is left to them.
    expect(Math.floor(clock.now() / 1000)).toBeGreaterThanOrEqual(decidedAt + SWEEP_SECONDS);
    await expectSettledAsTheMarketSays(here, market, [record]);
    const sells = (await here.ledger('CR1', { limit: 10, action: 'sell' })).filter(
      (row) => row.contractId === record.contractId,
    );
    expect(sells).toHaveLength(1);
    expect(settling.size).toBe(0);
  });
});
