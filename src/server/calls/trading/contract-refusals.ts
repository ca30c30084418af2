import { ApiError } from '../../api-error.js';

/**
 * The refusals of `cancel` and `contract_update` (docs/trading.md, "Multipliers"). The first is
 * the real server's code and text (docs/trading.md, "Errors"); the others' codes and texts are ours.
 */
export const contractRefusals = {
  /** Unknown, another account's, or closed already: as far as this account can tell, not an open position. */
  noOpenPosition: (msgType: string) =>
    new ApiError('NoOpenPosition', 'This contract was not found among your open positions.', undefined, msgType),
  cancellationNotBought: () =>
    new ApiError('InvalidtoCancel', 'Deal cancellation is not available for this contract.', undefined, 'cancel'),
  cancellationOver: () =>
    new ApiError('InvalidtoCancel', 'The deal cancellation period has expired.', undefined, 'cancel'),
  notUpdatable: () =>
    new ApiError(
      'InvalidContractUpdate',
      'Only multipliers and accumulators have limit orders to update.',
      undefined,
      'contract_update',
    ),
  cancellationActive: () =>
    new ApiError(
      'InvalidContractUpdate',
      'Take profit and stop loss cannot be updated while deal cancellation is active.',
      undefined,
      'contract_update',
    ),
  /** A limit order that would be refused at purchase: the same text, under the update's code. */
  invalidOrder: (message: string, field: string | undefined) =>
    new ApiError('InvalidContractUpdate', message, field === undefined ? undefined : { field }, 'contract_update'),
} as const;
