import { CALLS } from '../../../protocol/calls.js';
import { ApiError } from '../../api-error.js';
import { callSchema } from '../../schemas.js';
import { ContractSold } from '../../store/errors.js';
import type { ContractRecord } from '../../store/store.js';
import { orderDates, orderField } from '../../trading/limit-order-fields.js';
import {
  changeJson,
  currentOrders,
  type LimitOrderChange,
  limitOrderChange,
  limitOrderUpdates,
} from '../../trading/limit-orders.js';
import { multiplierEntry } from '../../trading/multiplier-settlement.js';
import type { MultiplierSpec } from '../../trading/multiplier-spec.js';
import { isAccumulatorSpec, isMultiplierSpec } from '../../trading/trade-spec.js';
import { accumulatorAt } from '../../trading/accumulator-path.js';
import { type AccumulatorSpec, currentTakeProfit, onThePath } from '../../trading/accumulator-spec.js';
import { moneyText } from '../../trading/trading-errors.js';
import { accumulatorTakeProfitChange } from '../../trading/validate-accumulator.js';
import { takeProfitDate, takeProfitField } from './accumulator-proposal-fields.js';
import { tradeFromTerms } from '../../trading/stored-contract.js';
import type { CallContext, CallDefinition } from '../types.js';
import { contractRefusals } from './contract-refusals.js';
import { closeBy } from './multiplier-closes.js';
import { cancellationOpen } from './multiplier-view.js';

const ORDER_AMOUNT = { anyOf: [{ type: 'number' }, { type: 'null' }] };
const ORDER_NAMES = { take_profit: 'takeProfit', stop_loss: 'stopLoss' } as const;

/** The account's own contract, or undefined: another account's is not there at all, as far as this one can tell. */
async function ownContract(context: Pick<CallContext, 'services' | 'connection'>, contractId: number) {
  const record = await context.services.store.contract(contractId);
  return record && record.loginid === context.connection.auth!.loginid ? record : undefined;
}

/**
 * The orders in force after the contract's updates, as `contract_update` answers them: each of
 * take profit and stop loss, its amount and spot level, or `null`s once removed (or never set).
 */
function ordersReply(record: ContractRecord, spec: MultiplierSpec, market: CallContext['services']['market']) {
  const updates = limitOrderUpdates(record.updates);
  const orders = currentOrders(spec.limitOrders, updates);
  const dates = orderDates(spec, updates);
  const entry = multiplierEntry(market.path(spec.symbol.symbol), spec).quote;
  const reply: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(ORDER_NAMES) as [keyof typeof ORDER_NAMES, 'takeProfit' | 'stopLoss'][]) {
    const amount = orders[field];
    reply[name] =
      amount === undefined
        ? {
            display_name: name === 'take_profit' ? 'Take profit' : 'Stop loss',
            order_amount: null,
            order_date: dates[field],
            value: null,
          }
        : orderField(name, spec, entry, name === 'stop_loss' ? -amount : amount, dates[field]);
  }
  return reply;
}

export const contractUpdate: CallDefinition = {
  name: 'contract_update',
  schema: callSchema(CALLS.get('contract_update')!, {
    properties: {
      contract_id: { type: 'integer', minimum: 1 },
      limit_order: {
        type: 'object',
        properties: { take_profit: ORDER_AMOUNT, stop_loss: ORDER_AMOUNT },
        additionalProperties: false,
        minProperties: 1,
      },
      loginid: { type: 'string' },
    },
    required: ['contract_id', 'limit_order'],
  }),
  /**
   * Changes an open multiplier's take profit or stop loss (`null` removes one). The change is
   * stored, in force from the tick after this second: settlement reads the orders in force at each
   * tick. Not while deal cancellation is active (docs/trading.md, "Multipliers").
   */
  handle: async (context) => {
    const { args, services } = context;
    const now = Math.floor(services.clock.now() / 1000);
    const record = await ownContract(context, args.contract_id as number);
    if (!record || record.sale) throw contractRefusals.noOpenPosition('contract_update');
    const spec = tradeFromTerms(record.terms);
    if (isAccumulatorSpec(spec)) return updateAccumulator(context, record, spec, now);
    if (!isMultiplierSpec(spec)) throw contractRefusals.notUpdatable();
    // Closed by the market already (not yet sold): sold now, at its close, and no longer open.
    if (closeBy(services.market.path(spec.symbol.symbol), spec, record, now)) {
      await services.settler.settle(record);
      throw contractRefusals.noOpenPosition('contract_update');
    }
    if (cancellationOpen(spec, now)) throw contractRefusals.cancellationActive();
    const change = limitOrderChange(args.limit_order, spec.stake, true);
    if (!change.ok) throw contractRefusals.invalidOrder(change.error.message, change.error.field);
    const updated = await storeChange(context, record, change.value, now);
    return ordersReply(updated, spec, services.market);
  },
};

/** Stores a checked change of the contract's limit orders, made in second `now`; a contract sold meanwhile is no open position. */
async function storeChange(
  context: Pick<CallContext, 'services' | 'abandoned'>,
  record: ContractRecord,
  change: LimitOrderChange,
  now: number,
): Promise<ContractRecord> {
  if (context.abandoned) throw new ApiError('Timeout', 'The request timed out.', undefined, 'contract_update');
  try {
    return await context.services.store.updateContract({
      contractId: record.contractId,
      timeMs: now * 1000,
      change: changeJson(change),
    });
  } catch (error) {
    if (error instanceof ContractSold) throw contractRefusals.noOpenPosition('contract_update');
    throw error;
  }
}

/**
 * An accumulator's take profit changed (or removed with `null`), checked as at purchase, in force
 * from the tick after this second, as a multiplier's are; the reply names only the take profit.
 */
async function updateAccumulator(
  context: CallContext,
  record: ContractRecord,
  spec: AccumulatorSpec,
  now: number,
): Promise<Record<string, unknown>> {
  const { args, services } = context;
  const path = services.market.path(spec.symbol.symbol);
  // Ended by the market already (not yet sold): sold now, at its end, and no longer open.
  if (accumulatorAt(path, onThePath(spec, limitOrderUpdates(record.updates)), now)?.end) {
    await services.settler.settle(record);
    throw contractRefusals.noOpenPosition('contract_update');
  }
  const change = accumulatorTakeProfitChange(args.limit_order, spec.stake);
  if (!change.ok) throw contractRefusals.invalidOrder(change.error.message, change.error.field);
  const updated = await storeChange(context, record, change.value, now);
  const updates = limitOrderUpdates(updated.updates);
  const takeProfit = currentTakeProfit(spec, updates);
  return {
    take_profit:
      takeProfit === undefined
        ? { display_name: 'Take profit', order_amount: null, order_date: now, value: null }
        : takeProfitField(takeProfit, takeProfitDate(spec, updates)),
  };
}

/** The history's most entries (our choice of default and cap). */
const HISTORY_LIMIT = { default: 500, max: 999 };

export const contractUpdateHistory: CallDefinition = {
  name: 'contract_update_history',
  schema: callSchema(CALLS.get('contract_update_history')!, {
    properties: {
      contract_id: { type: 'integer', minimum: 1 },
      limit: { type: 'integer', minimum: 1, maximum: HISTORY_LIMIT.max },
      loginid: { type: 'string' },
    },
    required: ['contract_id'],
  }),
  /**
   * A multiplier's limit orders, newest first: each update's changes (a removal with `value:
   * null` and no amount), then the orders given at purchase. A binary contract has none.
   */
  handle: async (context) => {
    const { args, services } = context;
    const record = await ownContract(context, args.contract_id as number);
    if (!record)
      throw new ApiError('ContractValidationError', 'Cannot validate contract.', undefined, 'contract_update_history');
    const spec = tradeFromTerms(record.terms);
    if (isAccumulatorSpec(spec)) return accumulatorHistory(record, spec, args.limit as number | undefined);
    if (!isMultiplierSpec(spec)) return [];
    const entry = multiplierEntry(services.market.path(spec.symbol.symbol), spec).quote;
    const item = (name: keyof typeof ORDER_NAMES, amount: number | null, date: number) => {
      const displayName = name === 'take_profit' ? 'Take profit' : 'Stop loss';
      if (amount === null) return { display_name: displayName, order_date: date, order_type: name, value: null };
      const signed = name === 'stop_loss' ? -amount : amount;
      const { display_order_amount, value } = orderField(name, spec, entry, signed, date);
      return {
        display_name: displayName,
        order_amount: display_order_amount,
        order_date: date,
        order_type: name,
        value,
      };
    };
    const history: Record<string, unknown>[] = [];
    const { takeProfit, stopLoss } = spec.limitOrders;
    if (takeProfit !== undefined) history.push(item('take_profit', takeProfit, spec.dateStart));
    if (stopLoss !== undefined) history.push(item('stop_loss', stopLoss, spec.dateStart));
    for (const update of limitOrderUpdates(record.updates)) {
      if (update.takeProfit !== undefined) history.push(item('take_profit', update.takeProfit, update.epoch));
      if (update.stopLoss !== undefined) history.push(item('stop_loss', update.stopLoss, update.epoch));
    }
    return history.reverse().slice(0, (args.limit as number | undefined) ?? HISTORY_LIMIT.default);
  },
};

/** An accumulator's take profits, newest first: each update's (a removal with `value: null` and no amount), then the purchase's. */
function accumulatorHistory(record: ContractRecord, spec: AccumulatorSpec, limit: number | undefined) {
  const item = (amount: number | null, date: number) =>
    amount === null
      ? { display_name: 'Take profit', order_date: date, order_type: 'take_profit', value: null }
      : {
          display_name: 'Take profit',
          order_amount: moneyText(amount),
          order_date: date,
          order_type: 'take_profit',
          value: null,
        };
  const history: Record<string, unknown>[] = [];
  if (spec.takeProfit !== undefined) history.push(item(spec.takeProfit, spec.dateStart));
  for (const update of limitOrderUpdates(record.updates))
    if (update.takeProfit !== undefined) history.push(item(update.takeProfit, update.epoch));
  return history.reverse().slice(0, limit ?? HISTORY_LIMIT.default);
}
