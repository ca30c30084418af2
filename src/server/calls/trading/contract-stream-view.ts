import { PayloadTemplate } from '../../streams/payload-template.js';
import { sharePayload, type SharedPayload } from '../../streams/stream-message.js';
import type { ContractRecord } from '../../store/store.js';
import { amountFromCents } from '../../store/money.js';
import { isMultiplierSpec } from '../../trading/trade-spec.js';
import type { CallContext } from '../types.js';
import { contractView, tradeOf } from './contract-view.js';
import { multiplierFields, multiplierStanding } from './multiplier-view.js';
import { profitFields, quoteText } from './view-fields.js';

/** What moves in an open multiplier's view from one tick to the next; in the order `fill` is given them. */
const MOVING = [
  'bid_price',
  'current_spot',
  'current_spot_display_value',
  'current_spot_time',
  'profit',
  'profit_percentage',
] as const;

/** A view as a stream message: the stream puts its `id` where the real server has it, before `is_expired`. */
const ID_BEFORE = 'is_expired';

/**
 * The messages of one contract's stream, at each tick: `contractView` as `sharePayload` would
 * serialise it. An open multiplier's view is serialised once with holes for what moves, and
 * only the holes are written per tick, until anything else in it changes (its record, once
 * updated or sold; the cancellation window or the purchase second ending; a close). The test
 * (test/server/calls/trading/contract-stream-view.test.ts) holds it to the plain view's bytes.
 */
export function contractStreamView(
  context: Pick<CallContext, 'services'>,
): (record: ContractRecord, now: number) => SharedPayload {
  const { market, tradingOptions } = context.services;
  let template: PayloadTemplate | undefined;
  let templateRecord: ContractRecord | undefined;
  let templateShape = '';
  return (record, now) => {
    const spec = tradeOf(record);
    if (!isMultiplierSpec(spec)) return sharePayload(contractView(record, market, now, tradingOptions), ID_BEFORE);
    const standing = multiplierStanding(record, spec, market, now);
    if (record.sale || standing.closedAt) return sharePayload(multiplierFields(record, spec, standing), ID_BEFORE);
    // Everything in an open multiplier's view but the moving fields follows from these and the record.
    const shape = `${standing.cancellable}|${standing.updatable}|${standing.validation?.code ?? ''}`;
    if (!template || templateRecord !== record || templateShape !== shape) {
      template = new PayloadTemplate(multiplierFields(record, spec, standing), MOVING, ID_BEFORE);
      templateRecord = record;
      templateShape = shape;
    }
    const { bid, spot } = standing;
    const { profit, profit_percentage } = profitFields(bid, amountFromCents(record.buyPriceCents));
    return template.fill([
      bid,
      spot.quote,
      quoteText(spot.quote, spec.symbol.pipSize),
      spot.epoch,
      profit,
      profit_percentage,
    ]);
  };
}
