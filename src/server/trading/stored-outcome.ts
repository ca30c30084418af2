import type { Tick } from '../market/price-path.js';
import type { AccumulatorEnd } from './accumulator-path.js';
import type { CloseReason } from './multiplier-settlement.js';

/**
 * What a sale wrote into its `outcome`, for the open-contract view: `won`/`lost` when the market
 * decided it (the settler: a binary's outcome, or a multiplier closed by a limit order or its stop
 * out), `sold` when the client sold it before that (`sell`), at its bid, `cancelled` when a
 * multiplier's deal cancellation gave the stake back (`cancel`, or a stop out inside the window).
 * An accumulator is `lost` when knocked out, else `won`, closed by the market or sold (only in profit).
 */
export interface StoredOutcome {
  readonly status: 'won' | 'lost' | 'sold' | 'cancelled';
  readonly entry: Tick;
  readonly exit: Tick;
  readonly barrier?: number | undefined;
  /** A multiplier or an accumulator closed by the market: what closed it (absent for a client's sale). */
  readonly closedBy?: CloseReason | AccumulatorEnd;
}
