import { ApiError } from '../../api-error.js';
import { ContractChanged } from '../../store/errors.js';
import { centsFromAmount } from '../../store/money.js';
import type { ContractRecord } from '../../store/store.js';
import { multiplierEntry } from '../../trading/multiplier-settlement.js';
import type { MultiplierSpec } from '../../trading/multiplier-spec.js';
import { valueAt } from '../../trading/multiplier-value.js';
import type { StoredOutcome } from '../../trading/stored-outcome.js';
import type { CallContext } from '../types.js';
import { contractRefusals } from './contract-refusals.js';
import { closeBy } from './multiplier-closes.js';
import { cancellationOpen, multiplierSellability } from './multiplier-view.js';
import { saleReceipt } from './sale-replies.js';

/** Times a sale is worked out again when the contract was updated meanwhile. */
const RETRIES = 3;

type Context = Pick<CallContext, 'services' | 'abandoned'>;

/**
 * Runs `work` on the contract, and again on a fresh read of it when the store refuses its sale
 * as worked out before an update committed (`ContractChanged`): a multiplier's sale must be worked
 * out with the limit orders the store has.
 */
async function onFreshRecord<T>(
  context: Context,
  record: ContractRecord,
  work: (current: ContractRecord) => Promise<T>,
): Promise<T> {
  let current = record;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work(current);
    } catch (error) {
      if (!(error instanceof ContractChanged) || attempt >= RETRIES) throw error;
      const fresh = await context.services.store.contract(record.contractId);
      if (!fresh) throw error;
      current = fresh;
    }
  }
}

/**
 * Sells, through the settler, a contract the market has closed: its sale, by this call or
 * another. None means an update moved the close since `record` was read: read it again.
 */
async function settledNow(context: Context, record: ContractRecord) {
  const settled = await context.services.settler.settle(record);
  if (!settled) throw new ContractChanged(record.contractId, record.updates.length);
  return settled;
}

/** The entry and the tick now: a sale's or a cancellation's outcome. */
function outcomeNow(context: Context, spec: MultiplierSpec, status: 'sold' | 'cancelled', now: number) {
  const path = context.services.market.path(spec.symbol.symbol);
  const epoch = path.tickEpochAtOrBefore(now);
  const exit = { epoch, quote: path.quoteAt(epoch) };
  const entry = multiplierEntry(path, spec);
  const outcome: StoredOutcome = { status, entry, exit };
  return { entry, exit, outcome: JSON.stringify(outcome) };
}

const nowOf = (context: Context) => Math.floor(context.services.clock.now() / 1000);

/**
 * `sell` of an open multiplier: at its value now, always (the reference: a multiplier sells at the
 * recomputed bid, whatever `price` says), or at its close if the market has closed it.
 */
export function sellMultiplier(
  context: Context,
  record: ContractRecord,
  spec: MultiplierSpec,
): Promise<Record<string, unknown>> {
  return onFreshRecord(context, record, async (current) => {
    const now = nowOf(context);
    const path = context.services.market.path(spec.symbol.symbol);
    if (closeBy(path, spec, current, now)) return saleReceipt(await settledNow(context, current));
    const refusal = multiplierSellability(current, now);
    if (refusal) throw new ApiError('InvalidtoSell', refusal.message, undefined, 'sell');
    if (context.abandoned) throw new ApiError('Timeout', 'The request timed out.', undefined, 'sell');
    const { entry, exit, outcome } = outcomeNow(context, spec, 'sold', now);
    const sale = await context.services.store.sellContract({
      contractId: current.contractId,
      sellPriceCents: centsFromAmount(valueAt(spec, entry.quote, exit.quote)),
      sellTimeMs: now * 1000,
      outcome,
      held: current,
      updateCount: current.updates.length,
    });
    return saleReceipt(sale);
  });
}

/**
 * `cancel`: the stake back (the fee is kept), while the deal cancellation window is open. One the
 * market has closed first is sold at its close, and the cancel refused: it is no open position.
 */
export function cancelMultiplier(
  context: Context,
  record: ContractRecord,
  spec: MultiplierSpec,
): Promise<Record<string, unknown>> {
  if (!spec.cancellation) return Promise.reject(contractRefusals.cancellationNotBought());
  const closed = () => contractRefusals.noOpenPosition('cancel');
  return onFreshRecord(context, record, async (current) => {
    const now = nowOf(context);
    const path = context.services.market.path(spec.symbol.symbol);
    if (closeBy(path, spec, current, now)) {
      await settledNow(context, current);
      throw closed();
    }
    if (!cancellationOpen(spec, now)) throw contractRefusals.cancellationOver();
    if (context.abandoned) throw new ApiError('Timeout', 'The request timed out.', undefined, 'cancel');
    const sale = await context.services.store.sellContract({
      contractId: current.contractId,
      sellPriceCents: centsFromAmount(spec.stake),
      sellTimeMs: now * 1000,
      outcome: outcomeNow(context, spec, 'cancelled', now).outcome,
      held: current,
      updateCount: current.updates.length,
    });
    return saleReceipt(sale, closed);
  });
}
