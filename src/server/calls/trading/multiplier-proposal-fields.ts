import { limitOrderFields } from '../../trading/limit-order-fields.js';
import { multiplierLongcode } from '../../trading/multiplier-codes.js';
import { cancellationExpiry, multiplierAsk, type MultiplierSpec } from '../../trading/multiplier-spec.js';
import { commissionAmount } from '../../trading/multiplier-value.js';
import { moneyText } from '../../trading/trading-errors.js';

/**
 * A multiplier's `proposal` payload, without its `id`: the ask (the stake, and the cancellation
 * fee if one is bought), the commission in the currency, the multiplier, the limit orders with the
 * stop out, their spot levels from the spot now, and the cancellation's fee and end. No expiry,
 * and a payout of 0: a multiplier pays its value when it closes.
 */
export function multiplierProposalFields(
  spec: MultiplierSpec,
  spot: number,
  spotTime: number,
): Record<string, unknown> {
  const ask = multiplierAsk(spec);
  const since = { takeProfit: spec.dateStart, stopLoss: spec.dateStart };
  return {
    ask_price: ask,
    ...(spec.cancellation
      ? { cancellation: { ask_price: spec.cancellation.fee, date_expiry: cancellationExpiry(spec) } }
      : {}),
    commission: commissionAmount(spec),
    date_start: spec.dateStart,
    display_value: moneyText(ask),
    limit_order: limitOrderFields(spec, spot, spec.limitOrders, since),
    longcode: multiplierLongcode(spec),
    multiplier: spec.multiplier,
    payout: 0,
    spot,
    spot_time: spotTime,
  };
}
