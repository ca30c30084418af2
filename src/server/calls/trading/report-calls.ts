import { CALLS } from '../../../protocol/calls.js';
import type { SchemaObject } from 'ajv';
import { callSchema } from '../../schemas.js';
import { amountFromCents } from '../../store/money.js';
import { LEDGER_ACTIONS, type ContractRecord, type LedgerAction, type LedgerRow } from '../../store/store.js';
import { PROPOSAL_CONTRACT_TYPES } from '../../trading/contract-types.js';
import { entryTick } from '../../trading/settlement-rules.js';
import { latestEnd } from '../../trading/accumulator-spec.js';
import { isAccumulatorSpec, isMultiplierSpec, type TradeSpec } from '../../trading/trade-spec.js';
import { tradeFromTerms } from '../../trading/stored-contract.js';
import type { CallContext, CallDefinition } from '../types.js';
import { dateExpiryOf } from './contract-view.js';
import { MAX_LISTED_CONTRACTS } from './open-contract-calls.js';

/** `statement`'s page: at most 999 rows, 100 unless asked (docs/trading.md, "Calls"). */
const STATEMENT_LIMIT = { max: 999, default: 100 } as const;
/** `profit_table`'s page: at most 500 rows, 50 unless asked. */
const PROFIT_TABLE_LIMIT = { max: 500, default: 50 } as const;
/** Epoch seconds as far as a millisecond time stays an exact integer (year 2286). */
const MAX_EPOCH = 9_999_999_999;
const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

const limitSchema = (max: number): SchemaObject => ({ type: 'integer', minimum: 0, maximum: max });
const OFFSET: SchemaObject = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
const EPOCH: SchemaObject = { type: 'integer', minimum: 0, maximum: MAX_EPOCH };
const EPOCH_OR_DAY: SchemaObject = { anyOf: [EPOCH, { type: 'string', pattern: DAY_PATTERN }] };
const DESCRIPTION: SchemaObject = { type: 'integer', enum: [0, 1] };
const CONTRACT_TYPES: SchemaObject = {
  type: 'array',
  items: { type: 'string', enum: [...PROPOSAL_CONTRACT_TYPES] },
  maxItems: PROPOSAL_CONTRACT_TYPES.length,
};
const LOGINID: SchemaObject = { type: 'string' };

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The `contract_type` filter for the store: an empty list filters nothing, as no list does (our reading). */
const typeFilter = (types: unknown) =>
  Array.isArray(types) && types.length > 0 ? { contractTypes: types as string[] } : {};

/**
 * A report's time bound in milliseconds, inclusive of the whole second (or day) it names:
 * `date_to: 1700000000` takes what happened during that second, `"2024-05-01"` that whole day.
 * An impossible date (`"2024-02-31"`) bounds nothing: it matches no time at all.
 */
function boundMs(value: unknown, end: 'from' | 'to'): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return end === 'from' ? value * 1000 : value * 1000 + 999;
  const dayStart = Date.parse(`${value as string}T00:00:00Z`);
  if (Number.isNaN(dayStart) || new Date(dayStart).toISOString().slice(0, 10) !== value)
    return end === 'from' ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  return end === 'from' ? dayStart : dayStart + 86_400_000 - 1;
}

/** The contracts the rows name, each read once. */
async function contractsOf(
  context: Pick<CallContext, 'services'>,
  rows: readonly LedgerRow[],
): Promise<Map<number, ContractRecord>> {
  const ids = [...new Set(rows.flatMap((row) => (row.contractId === undefined ? [] : [row.contractId])))];
  const records = await Promise.all(ids.map((id) => context.services.store.contract(id)));
  return new Map(records.flatMap((record) => (record ? [[record.contractId, record] as const] : [])));
}

/** One `statement` row, keys in alphabetical order. Rows of no contract (deposits, top-ups) carry nulls where a contract's facts would be. */
function statementRow(
  row: LedgerRow,
  contract: ContractRecord | undefined,
  withDescription: boolean,
): Record<string, unknown> {
  const isSell = row.action === 'sell';
  return {
    action_type: row.action,
    amount: amountFromCents(row.amountCents),
    app_id: null,
    balance_after: amountFromCents(row.balanceAfterCents),
    contract_id: row.contractId ?? null,
    ...(withDescription ? { longcode: row.description || contract?.longcode || '' } : {}),
    payout: contract ? amountFromCents(contract.payoutCents) : null,
    ...(isSell && contract ? { purchase_time: seconds(contract.purchaseTimeMs) } : {}),
    ...(isSell ? { reference_id: row.referenceId ?? null } : {}),
    ...(withDescription ? { shortcode: contract?.shortcode ?? null } : {}),
    transaction_id: row.transactionId,
    transaction_time: seconds(row.timeMs),
  };
}

export const statement: CallDefinition = {
  name: 'statement',
  schema: callSchema(CALLS.get('statement')!, {
    properties: {
      action_type: { type: 'string', enum: [...LEDGER_ACTIONS] },
      date_from: EPOCH,
      date_to: EPOCH,
      description: DESCRIPTION,
      limit: limitSchema(STATEMENT_LIMIT.max),
      offset: OFFSET,
      loginid: LOGINID,
    },
  }),
  /**
   * The account's ledger, newest first, after settling what the market has decided: every
   * money movement with its balance after, `limit` rows from `offset`, filtered by
   * `action_type` and time. `description: 1` adds each row's longcode and shortcode.
   */
  handle: async (context) => {
    const { args, services, connection } = context;
    const loginid = connection.auth!.loginid;
    await services.settler.settleDecided(loginid);
    const fromMs = boundMs(args.date_from, 'from');
    const toMs = boundMs(args.date_to, 'to');
    const rows = await services.store.ledger(loginid, {
      limit: (args.limit as number | undefined) ?? STATEMENT_LIMIT.default,
      offset: (args.offset as number | undefined) ?? 0,
      ...(fromMs !== undefined ? { fromMs } : {}),
      ...(toMs !== undefined ? { toMs } : {}),
      ...(args.action_type !== undefined ? { action: args.action_type as LedgerAction } : {}),
    });
    const contracts = await contractsOf(context, rows);
    const withDescription = args.description === 1;
    const transactions = rows.map((row) =>
      statementRow(row, row.contractId === undefined ? undefined : contracts.get(row.contractId), withDescription),
    );
    return { count: transactions.length, transactions };
  },
};

/**
 * What the profit table says of a contract with `description`: `duration_type` (`ticks`, else the
 * expiry type, `intraday` or `daily`, and `no_expiry` for a multiplier or an accumulator: our reading,
 * docs/trading.md), and for a multiplier its `multiplier` and `deal_cancellation_duration`, for an
 * accumulator its `growth_rate`, as strings (the schema's type).
 */
function describedTerms(record: ContractRecord): Record<string, unknown> {
  const spec = tradeFromTerms(record.terms);
  if (isMultiplierSpec(spec))
    return {
      ...(spec.cancellation ? { deal_cancellation_duration: spec.cancellation.duration } : {}),
      duration_type: 'no_expiry',
      multiplier: String(spec.multiplier),
    };
  if (isAccumulatorSpec(spec)) return { duration_type: 'no_expiry', growth_rate: String(spec.growthRate) };
  return { duration_type: spec.expiry.kind === 'ticks' ? 'ticks' : spec.expiryType };
}

function profitRow(record: ContractRecord, withDescription: boolean): Record<string, unknown> {
  const sale = record.sale!;
  return {
    app_id: null,
    buy_price: amountFromCents(record.buyPriceCents),
    contract_id: record.contractId,
    ...(withDescription
      ? { contract_type: record.contractType, ...describedTerms(record), longcode: record.longcode }
      : {}),
    payout: amountFromCents(record.payoutCents),
    purchase_time: seconds(record.purchaseTimeMs),
    sell_price: amountFromCents(sale.sellPriceCents),
    sell_time: seconds(sale.sellTimeMs),
    ...(withDescription ? { shortcode: record.shortcode } : {}),
    transaction_id: record.buyTransactionId,
    ...(withDescription ? { underlying_symbol: record.symbol } : {}),
  };
}

export const profitTable: CallDefinition = {
  name: 'profit_table',
  schema: callSchema(CALLS.get('profit_table')!, {
    properties: {
      contract_type: CONTRACT_TYPES,
      date_from: EPOCH_OR_DAY,
      date_to: EPOCH_OR_DAY,
      description: DESCRIPTION,
      limit: limitSchema(PROFIT_TABLE_LIMIT.max),
      offset: OFFSET,
      sort: { type: 'string', enum: ['ASC', 'DESC'] },
      loginid: LOGINID,
    },
  }),
  /**
   * The account's sold contracts (sold early or settled), by sale time, newest first unless
   * `sort: "ASC"`, after settling what the market has decided. Bounds are epochs or
   * `YYYY-MM-DD` days.
   */
  handle: async ({ args, services, connection }) => {
    const loginid = connection.auth!.loginid;
    await services.settler.settleDecided(loginid);
    const fromMs = boundMs(args.date_from, 'from');
    const toMs = boundMs(args.date_to, 'to');
    const sold = await services.store.contracts({
      loginid,
      state: 'sold',
      order: (args.sort as 'ASC' | 'DESC' | undefined) ?? 'DESC',
      limit: (args.limit as number | undefined) ?? PROFIT_TABLE_LIMIT.default,
      offset: (args.offset as number | undefined) ?? 0,
      ...(fromMs !== undefined ? { fromMs } : {}),
      ...(toMs !== undefined ? { toMs } : {}),
      ...typeFilter(args.contract_type),
    });
    const transactions = sold.map((record) => profitRow(record, args.description === 1));
    return { count: transactions.length, transactions };
  },
};

/**
 * A portfolio row's `expiry_time`: a multiplier has none, so it has no such field; an accumulator's
 * is the latest it can end (our choices, docs/trading.md).
 */
function expiryTime(spec: TradeSpec, context: Pick<CallContext, 'services'>): Record<string, unknown> {
  if (isMultiplierSpec(spec)) return {};
  const path = context.services.market.path(spec.symbol.symbol);
  if (isAccumulatorSpec(spec)) return { expiry_time: latestEnd(path, spec) };
  const now = seconds(context.services.clock.now());
  return { expiry_time: dateExpiryOf(spec, path, now >= entryTick(path, spec).epoch) };
}

function portfolioRow(record: ContractRecord, context: Pick<CallContext, 'services'>): Record<string, unknown> {
  const spec = tradeFromTerms(record.terms);
  return {
    app_id: null,
    buy_price: amountFromCents(record.buyPriceCents),
    contract_id: record.contractId,
    contract_type: record.contractType,
    currency: record.currency,
    date_start: spec.dateStart,
    ...expiryTime(spec, context),
    longcode: record.longcode,
    payout: amountFromCents(record.payoutCents),
    purchase_time: seconds(record.purchaseTimeMs),
    shortcode: record.shortcode,
    symbol: record.symbol,
    transaction_id: record.buyTransactionId,
  };
}

export const portfolio: CallDefinition = {
  name: 'portfolio',
  schema: callSchema(CALLS.get('portfolio')!, { properties: { contract_type: CONTRACT_TYPES, loginid: LOGINID } }),
  /** The account's open contracts, oldest first (at most 500), after settling what the market has decided. */
  handle: async (context) => {
    const { args, services, connection } = context;
    const loginid = connection.auth!.loginid;
    await services.settler.settleDecided(loginid);
    const open = await services.store.contracts({
      loginid,
      state: 'open',
      order: 'ASC',
      limit: MAX_LISTED_CONTRACTS,
      ...typeFilter(args.contract_type),
    });
    return { contracts: open.map((record) => portfolioRow(record, context)) };
  },
};
