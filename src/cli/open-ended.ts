import type { Contract } from '../client/node.js';

/**
 * Contract types with no expiry: each runs until it is sold, or until the market closes it
 * (docs/trading.md, "Multipliers"). Another open-ended kind joins by its types here. An
 * accumulator (ACCU) is not one: it always ends by itself, knocked out or at its most ticks.
 */
const OPEN_ENDED_TYPES: ReadonlySet<string> = new Set(['MULTUP', 'MULTDOWN']);

/** The proposal's own way to end without a sale: a take profit or a stop loss in `limit_order`. */
function hasLimitOrder(request: Record<string, unknown>): boolean {
  const orders = request.limit_order as Record<string, unknown> | undefined;
  return typeof orders?.take_profit === 'number' || typeof orders?.stop_loss === 'number';
}

/**
 * Why a run of this proposal could go on for ever, or undefined: an open-ended contract that
 * neither `--sell-after` nor a limit order of its own will end.
 */
export function endlessRun(request: Record<string, unknown>, sellAfter: number | undefined): string | undefined {
  const type = request.contract_type;
  if (typeof type !== 'string' || !OPEN_ENDED_TYPES.has(type) || sellAfter !== undefined || hasLimitOrder(request))
    return undefined;
  return `a ${type} contract has no expiry: give --sell-after SECONDS, or a "limit_order" with a take_profit or stop_loss, so that each one ends`;
}

/**
 * Sells the contract once its own stream shows `seconds` of market time since its purchase
 * (`current_spot_time`, the market's clock, whatever its speed). A refused sale is tried again at
 * the next update: the contract may not be sellable yet, or the market may have closed it
 * meanwhile, which settles it anyway. A sale is never sent twice by the client; trying again here
 * is safe, as the server sells a contract once.
 */
export function sellAfter(contract: Contract, seconds: number): void {
  const due = contract.purchaseTime + seconds;
  let selling = false;
  const check = (update: NonNullable<Contract['latest']>) => {
    if (selling || contract.settlement || update.is_sold === 1 || (update.current_spot_time ?? 0) < due) return;
    selling = true;
    contract.sell().then(
      // Sold: the stream's next update says so, and settles the handle.
      () => {},
      () => (selling = false),
    );
  };
  if (contract.latest) check(contract.latest);
  contract.on('update', check);
}
