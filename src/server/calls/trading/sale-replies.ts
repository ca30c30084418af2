import { ApiError } from '../../api-error.js';
import { amountFromCents } from '../../store/money.js';
import type { Sale } from '../../trading/settler.js';

export const unknownSellProposal = () =>
  new ApiError('InvalidSellContractProposal', 'Unknown contract sell proposal', undefined, 'sell');

/**
 * The receipt of a sale this request made (`sell` and `cancel` have the same one): a sale someone
 * else made first (the settler, another sell) is not this one's, and `refusal` is thrown.
 */
export function saleReceipt(sale: Sale | undefined, refusal: () => ApiError = unknownSellProposal) {
  if (!sale?.applied) throw refusal();
  const { contract, row } = sale;
  return {
    balance_after: amountFromCents(row.balanceAfterCents),
    contract_id: contract.contractId,
    reference_id: contract.buyTransactionId,
    sold_for: amountFromCents(row.amountCents),
    transaction_id: row.transactionId,
  };
}
