import type { SymbolSpec } from '../market/symbols.js';
import { roundMoney } from './money.js';
import { cancellationSeconds, type CancellationDuration, type MultiplierContractType } from './multiplier-offerings.js';

/**
 * A multiplier's take profit and stop loss, as amounts of the account's currency: it closes
 * once its profit reaches `takeProfit` or its loss `stopLoss`. Either may be absent.
 */
export interface LimitOrders {
  readonly takeProfit?: number;
  readonly stopLoss?: number;
}

/** A validated MULTUP or MULTDOWN: everything pricing, codes and settlement need. It has no expiry. */
export interface MultiplierSpec {
  readonly kind: 'multiplier';
  readonly contractType: MultiplierContractType;
  readonly symbol: SymbolSpec;
  readonly intervalSeconds: number;
  readonly currency: string;
  /** What the client risks; the most it can lose. */
  readonly stake: number;
  readonly multiplier: number;
  /** The commission rate bought with, a fraction of the notional (`commissionRate` in multiplier-value.ts). */
  readonly commission: number;
  /** The limit orders given at purchase; `contract_update` changes them later (stored apart). */
  readonly limitOrders: LimitOrders;
  /** Deal cancellation, if bought: its window and the fee paid for it (on top of the stake). */
  readonly cancellation?: { readonly duration: CancellationDuration; readonly fee: number };
  /** The time it was priced (a proposal) or bought. */
  readonly dateStart: number;
}

/** What the multiplier costs: the stake, and the cancellation fee if it has one. */
export function multiplierAsk(spec: MultiplierSpec): number {
  return roundMoney(spec.stake + (spec.cancellation?.fee ?? 0));
}

/** When the deal cancellation window closes (epoch seconds), or undefined without one. */
export function cancellationExpiry(spec: MultiplierSpec): number | undefined {
  return spec.cancellation && spec.dateStart + cancellationSeconds(spec.cancellation.duration);
}
