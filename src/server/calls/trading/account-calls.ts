import { CALLS } from '../../../protocol/calls.js';
import { ApiError } from '../../api-error.js';
import type { Market } from '../../market/market.js';
import { callSchema } from '../../schemas.js';
import { openStream } from '../../streams/open-stream.js';
import { sharePayload } from '../../streams/stream-message.js';
import { amountFromCents } from '../../store/money.js';
import type { ContractRecord, LedgerRow, Store } from '../../store/store.js';
import { latestEnd } from '../../trading/accumulator-spec.js';
import { isAccumulatorSpec, isBinarySpec } from '../../trading/trade-spec.js';
import { tradeFromTerms } from '../../trading/stored-contract.js';
import { Reply, type CallDefinition } from '../types.js';
import { dateExpiryOf } from './contract-view.js';

/** What `topup_virtual` resets a demo account to (docs/trading.md, "Calls": the landing company's default, 10 000). */
export const DEMO_BALANCE_CENTS = 1_000_000;
/** The statement's description of the reset's row. */
export const DEMO_TOPUP_DESCRIPTION = 'Virtual money credit to account';

/**
 * One `transaction` stream message: the row, and what its contract says of itself (symbol,
 * expiry, longcode). A sell row names its purchase time. Keys in alphabetical order, as the
 * real server's messages come.
 */
export function transactionFields(
  row: LedgerRow,
  currency: string,
  contract: ContractRecord | undefined,
  market: Market,
): Record<string, unknown> {
  // Written in alphabetical order as it goes, rather than sorted: a settlement builds one for every row.
  const fields: Record<string, unknown> = {
    action: row.action,
    amount: amountFromCents(row.amountCents),
    balance: amountFromCents(row.balanceAfterCents),
  };
  if (row.contractId !== undefined) fields.contract_id = row.contractId;
  fields.currency = currency;
  const spec = contract && tradeFromTerms(contract.terms);
  if (contract && spec) {
    // A sell row comes once the contract has entered: a tick contract's expiry is its exit tick by then.
    // A multiplier has no expiry, so no `date_expiry`; an accumulator's is its latest end, or its sale.
    const path = market.path(contract.symbol);
    if (isBinarySpec(spec)) fields.date_expiry = dateExpiryOf(spec, path, row.action === 'sell');
    else if (isAccumulatorSpec(spec))
      fields.date_expiry = row.action === 'sell' ? Math.floor(row.timeMs / 1000) : latestEnd(path, spec);
    fields.display_name = spec.symbol.displayName;
  }
  const longcode = row.description || contract?.longcode;
  if (longcode) fields.longcode = longcode;
  if (contract) {
    if (row.action === 'sell') fields.purchase_time = Math.floor(contract.purchaseTimeMs / 1000);
    fields.symbol = contract.symbol;
  }
  fields.transaction_id = row.transactionId;
  fields.transaction_time = Math.floor(row.timeMs / 1000);
  return fields;
}

/** The field a stream's `id` goes before: the first one after it in alphabetical order (`transaction_id` is always there). */
const idGoesBefore = (fields: Record<string, unknown>) => Object.keys(fields).find((key) => key > 'id')!;

export const transaction: CallDefinition = {
  name: 'transaction',
  schema: callSchema(CALLS.get('transaction')!, { properties: {}, required: ['subscribe'], subscribe: [1] }),
  /**
   * A message for every row written to the account's ledger from now on (buys, sales,
   * settlements, top-ups), in the order they were committed; the reply names the stream.
   */
  handle: (context) => {
    const { services, connection } = context;
    const { store, market, accountFeed } = services;
    const loginid = connection.auth!.loginid;
    const key = `transaction:${loginid}`;
    connection.streams.assertNotSubscribed(key, 'You are already subscribed to transaction.', 'transaction');
    // Opened before anything is awaited, so no row committed after the request is missed.
    const id = openStream(context, {
      key,
      listen: (deliver) => {
        let live = true;
        let currency: Promise<string> | undefined;
        // Each row waits for the one before it: a contract's lookup must not reorder the messages.
        let previous = Promise.resolve();
        const stop = accountFeed.onRow(loginid, (row, committed) => {
          currency ??= store.account(loginid).then((account) => account!.currency);
          previous = previous.then(async () => {
            const [contract, shown] = await Promise.all([committed ?? contractOf(store, row), currency!]);
            if (!live) return;
            const fields = transactionFields(row, shown, contract, market);
            deliver(sharePayload(fields, idGoesBefore(fields)));
          });
          // A lookup that failed (the store closing) loses its message, not the stream.
          previous = previous.catch(() => {});
        });
        return () => {
          live = false;
          stop();
        };
      },
    });
    return new Reply('transaction', { transaction: { id }, subscription: { id } });
  },
};

async function contractOf(store: Store, row: LedgerRow): Promise<ContractRecord | undefined> {
  return row.contractId === undefined ? undefined : store.contract(row.contractId);
}

export const topupVirtual: CallDefinition = {
  name: 'topup_virtual',
  schema: callSchema(CALLS.get('topup_virtual')!, { properties: { loginid: { type: 'string' } } }),
  /**
   * Resets a demo account's balance to 10 000 when it is below that, as one row of
   * `virtual_credit`, and answers the amount credited: 0 at or above it (our choice, docs/trading.md).
   */
  handle: async ({ services, connection }) => {
    const { store } = services;
    const loginid = connection.auth!.loginid;
    const account = await store.account(loginid);
    if (!account?.isVirtual)
      throw new ApiError(
        'TopupDemoError',
        'Sorry, this feature is available to demo accounts only',
        undefined,
        'topup_virtual',
      );
    const row = await store.topUp({
      loginid,
      balanceCents: DEMO_BALANCE_CENTS,
      action: 'virtual_credit',
      description: DEMO_TOPUP_DESCRIPTION,
    });
    return { amount: row ? amountFromCents(row.amountCents) : 0, currency: account.currency };
  },
};
