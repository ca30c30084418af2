import { ApiError, apiErrors } from '../../api-error.js';
import { centsFromAmount } from '../../store/money.js';
import type { ContractRecord } from '../../store/store.js';
import type { AccumulatorSpec } from '../../trading/accumulator-spec.js';
import type { StoredOutcome } from '../../trading/stored-outcome.js';
import type { CallContext } from '../types.js';
import { accumulatorSellability, accumulatorStanding } from './accumulator-view.js';
import { saleReceipt } from './sale-replies.js';

/**
 * `sell` of an open accumulator (docs/trading.md, "Accumulators"): at its value now, whatever
 * `price` says (it only grows while it runs, as a multiplier sells at its recomputed bid), and
 * only in profit; one the market has ended sells at its outcome, through the settler. The sale's
 * status is `won`: an accumulator sold early is won (the reference), and it is sold only in profit.
 */
export async function sellAccumulator(
  context: Pick<CallContext, 'services' | 'abandoned'>,
  record: ContractRecord,
  spec: AccumulatorSpec,
): Promise<Record<string, unknown>> {
  const { services } = context;
  const now = Math.floor(services.clock.now() / 1000);
  const standing = accumulatorStanding(record, spec, services.market.path(spec.symbol.symbol), now);
  if (standing.end) {
    const settled = await services.settler.settle(record);
    // Ended, yet not sold: the store could not take the sale (the settler logged why).
    if (!settled) throw apiErrors.internal();
    return saleReceipt(settled);
  }
  const refusal = accumulatorSellability(record, standing, now);
  if (refusal) throw new ApiError('InvalidtoSell', refusal.message, undefined, 'sell');
  if (context.abandoned) throw new ApiError('Timeout', 'The request timed out.', undefined, 'sell');
  const outcome: StoredOutcome = { status: 'won', entry: standing.entry!, exit: standing.current };
  const sale = await services.store.sellContract({
    contractId: record.contractId,
    sellPriceCents: centsFromAmount(standing.bid),
    sellTimeMs: now * 1000,
    outcome: JSON.stringify(outcome),
    held: record,
  });
  return saleReceipt(sale);
}
