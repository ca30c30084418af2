import { describe, expect, it, onTestFinished } from 'vitest';
import { contractStreamView } from '../../../../src/server/calls/trading/contract-stream-view.js';
import { contractView } from '../../../../src/server/calls/trading/contract-view.js';
import { systemClock } from '../../../../src/server/clock.js';
import { Market } from '../../../../src/server/market/market.js';
import type { ContractRecord, ContractUpdate } from '../../../../src/server/store/store.js';
import { type SharedPayload, sharePayload } from '../../../../src/server/streams/stream-message.js';
import { framePayload, textFrame } from '../../../../src/server/streams/text-frame.js';
import { storedTerms } from '../../../../src/server/trading/stored-contract.js';
import { DEFAULT_TRADING_OPTIONS } from '../../../../src/server/trading/trading-options.js';
import { M_START, multiplier, SEED } from '../../trading/multipliers.js';

function setUp() {
  const market = new Market({ seed: SEED }, systemClock);
  onTestFinished(() => market.close());
  const services = { market, tradingOptions: DEFAULT_TRADING_OPTIONS } as never;
  return { market, context: { services } };
}

/** An open multiplier's record as the store would give it, bought at M_START. */
function record(params: Record<string, unknown>, updates: ContractUpdate[] = []): ContractRecord {
  const spec = multiplier(params);
  return {
    contractId: 7,
    loginid: 'CR1',
    symbol: 'R_100',
    contractType: spec.contractType,
    currency: 'USD',
    buyPriceCents: Math.round((spec.stake + (spec.cancellation?.fee ?? 0)) * 100) as never,
    payoutCents: 0 as never,
    purchaseTimeMs: (M_START * 1000 + 300) as never,
    expiryTimeMs: (M_START * 1000) as never,
    shortcode: 'MULTUP_R_100_10',
    longcode: 'a multiplier',
    buyTransactionId: 8,
    terms: storedTerms(spec),
    sale: undefined,
    updates,
  };
}

const bytes = (payload: SharedPayload) => framePayload(textFrame([payload.before, payload.after])).toString();

describe('contractStreamView', () => {
  it('gives, tick after tick, the bytes of the plain view: through the purchase second, the cancellation window, an update and a close', () => {
    const { market, context } = setUp();
    const message = contractStreamView(context);
    // Deal cancellation for 5 minutes, then a take profit set at 6 minutes, which the market reaches later.
    const bought = record({ multiplier: 100, cancellation: '5m' });
    const updated: ContractRecord = {
      ...bought,
      updates: [{ sequence: 1, timeMs: (M_START + 360) * 1000, change: JSON.stringify({ takeProfit: 0.5 }) } as never],
    };
    const shapes = new Set<string>();
    let closedAt: number | undefined;
    for (let now = M_START; now < M_START + 1_200; now += 2) {
      const current = now < M_START + 360 ? bought : updated;
      const plain = contractView(current, market, now, DEFAULT_TRADING_OPTIONS);
      expect(bytes(message(current, now))).toBe(bytes(sharePayload(plain, 'is_expired')));
      shapes.add(`${plain.is_valid_to_cancel}${plain.is_valid_to_sell}${plain.is_expired}`);
      if (plain.is_expired === 1 && closedAt === undefined) closedAt = now;
    }
    // It went through each state (cancel, sell, expired): the purchase second, cancellable, open after the window, closed.
    expect([...shapes].sort()).toEqual(['010', '011', '100', '110']);
    expect(closedAt).toBeGreaterThan(M_START + 360);
  });

  it('rebuilds its template for a record of the same contract given another limit order', () => {
    const { market, context } = setUp();
    const message = contractStreamView(context);
    const now = M_START + 30;
    const first = record({ limit_order: { take_profit: 50 } });
    const second = record({ limit_order: { take_profit: 40 } });
    message(first, now);
    const shown = JSON.parse(`{${bytes(message(second, now)).slice(0, -2)}}`);
    expect(shown.limit_order.take_profit.order_amount).toBe(40);
    expect(bytes(message(second, now))).toBe(
      bytes(sharePayload(contractView(second, market, now, DEFAULT_TRADING_OPTIONS), 'is_expired')),
    );
  });
});
