import type { Tick } from '../market/price-path.js';
import type { CloseReason } from './multiplier-settlement.js';

/**
 * What a sale wrote into its `outcome`, for the open-contract view: `won`/`lost` when the market
 * decided it (the settler: a binary's outcome, or a multiplier closed by a limit order or its stop
 * out), `sold` when the client sold it before that (`sell`), at its bid, `cancelled` when a
 * multiplier's deal cancellation gave the stake back (`cancel`, or a stop out inside the window).
 */
export interface StoredOutcome {
  readonly status: 'won' | 'lost' | 'sold' | 'cancelled';
  readonly entry: Tick;
  readonly exit: Tick;
  readonly barrier?: number | undefined;
  /** A multiplier closed by the market: what closed it. */
  readonly closedBy?: CloseReason;
}
