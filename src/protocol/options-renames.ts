/**
 * How the new API's messages differ from v3's, in one place: its call set, and one table of
 * renamed and removed fields for requests and one for responses. The server builds the new
 * API's request schemas from its v3 ones with these tables and translates replies with them;
 * a client may read them for its types. Written from the facts in Deriv's migration pages
 * (docs/migrating-to-the-new-api.md), not copied from Deriv's schema files, which carry no licence.
 */

import { CALLS } from './calls.js';

/** Every call of the new WebSocket (Deriv's schema set; the `auto_*` family is not simulated). */
export const OPTIONS_CALL_NAMES = [
  'active_symbols',
  'balance',
  'buy',
  'cancel',
  'contract_update',
  'contract_update_history',
  'contracts_for',
  'contracts_list',
  'forget',
  'forget_all',
  'ping',
  'portfolio',
  'profit_table',
  'proposal',
  'proposal_open_contract',
  'sell',
  'statement',
  'ticks',
  'ticks_history',
  'time',
  'trading_times',
  'transaction',
] as const;

export type OptionsCall = (typeof OPTIONS_CALL_NAMES)[number];

/** The call set, for lookups: any other call on a new-API socket is `UnrecognisedRequest`. */
export const OPTIONS_CALLS: ReadonlySet<string> = new Set(OPTIONS_CALL_NAMES);

/**
 * The calls that need an account: on the public socket they answer `AuthorizationRequired`.
 * The v3 table's auth column says which; `contracts_list` is new and public.
 */
export const OPTIONS_ACCOUNT_CALLS: ReadonlySet<string> = new Set(
  OPTIONS_CALL_NAMES.filter((name) => CALLS.get(name)?.authRequired === true),
);

/** The stream types `forget_all` takes on the new API (Deriv's schema); v3's others are refused. */
export const OPTIONS_STREAM_TYPES = [
  'balance',
  'candles',
  'cashier_payments',
  'proposal',
  'proposal_open_contract',
  'ticks',
  'transaction',
] as const;

/** How one object's fields change from v3 to the new API. */
export interface FieldChanges {
  /** v3 name → new name. */
  readonly renamed?: Readonly<Record<string, string>>;
  /** v3 fields the new API does not have. */
  readonly removed?: readonly string[];
  /** The only fields kept (a response), after renaming. */
  readonly only?: readonly string[];
  /** Money the new API sends as text (two decimals), after renaming. */
  readonly strings?: readonly string[];
}

/** Removed from every request of the new API: a socket is bound to one account. */
export const REMOVED_FROM_EVERY_REQUEST = ['loginid'] as const;

/** A request's changes: its own fields, and those of `buy`'s `parameters`. */
export interface RequestChanges extends FieldChanges {
  readonly parameters?: FieldChanges;
}

/** The symbol field's new name, in requests and responses (but `tick.symbol` stays). */
export const SYMBOL_RENAME = { symbol: 'underlying_symbol' } as const;

/** Per call, the request fields renamed or removed beyond `REMOVED_FROM_EVERY_REQUEST`. */
export const OPTIONS_REQUEST_CHANGES: Readonly<Partial<Record<OptionsCall, RequestChanges>>> = {
  active_symbols: { removed: ['product_type', 'landing_company', 'landing_company_short', 'barrier_category'] },
  contracts_for: { removed: ['currency', 'landing_company', 'landing_company_short', 'product_type'] },
  proposal: {
    renamed: SYMBOL_RENAME,
    removed: ['product_type', 'date_start', 'barrier_range', 'trade_risk_profile', 'trading_period_start'],
  },
  buy: { parameters: { renamed: SYMBOL_RENAME, removed: ['product_type', 'date_start'] } },
  balance: { removed: ['account'] },
};

/**
 * Where a response's changes apply: `payload` to the call's payload object, `item` to each
 * element of its list (`items` names the list's field; absent, the payload is the list).
 */
export interface ResponseChanges {
  readonly payload?: FieldChanges;
  readonly items?: string;
  readonly item?: FieldChanges;
}

/** Per `msg_type`, the response fields renamed, removed or retyped; replies and stream messages alike. */
export const OPTIONS_RESPONSE_CHANGES: Readonly<Record<string, ResponseChanges>> = {
  active_symbols: {
    item: {
      renamed: {
        symbol: 'underlying_symbol',
        display_name: 'underlying_symbol_name',
        symbol_type: 'underlying_symbol_type',
        pip: 'pip_size',
      },
      removed: [
        'market_display_name',
        'subgroup_display_name',
        'submarket_display_name',
        'spot',
        'spot_age',
        'spot_percentage_change',
        'spot_time',
      ],
    },
  },
  contracts_for: {
    payload: { removed: ['spot', 'open', 'close', 'feed_license', 'non_available'] },
    items: 'available',
    item: {
      renamed: SYMBOL_RENAME,
      removed: [
        'contract_display',
        'contract_category_display',
        'barrier_category',
        'start_type',
        'forward_starting_options',
        'trading_period',
      ],
    },
  },
  proposal_open_contract: {
    payload: {
      // Our choices: `current_spot` is the spot's text at the symbol's pip size (v3's display
      // value); a sale's spot is `exit_spot`/`exit_spot_time`, v3's deprecated `sell_spot*`.
      renamed: {
        underlying: 'underlying_symbol',
        current_spot_display_value: 'current_spot',
        sell_spot: 'exit_spot',
        sell_spot_time: 'exit_spot_time',
      },
      removed: [
        'display_name',
        'display_value',
        'entry_spot_display_value',
        'entry_tick_display_value',
        'exit_tick_display_value',
        'sell_spot_display_value',
      ],
      strings: ['bid_price', 'buy_price', 'profit', 'payout', 'sell_price'],
    },
  },
  portfolio: { items: 'contracts', item: { renamed: SYMBOL_RENAME, removed: ['app_id'] } },
  balance: { payload: { only: ['balance', 'currency', 'id', 'loginid'] } },
  transaction: {
    payload: {
      renamed: SYMBOL_RENAME,
      removed: ['barrier', 'high_barrier', 'low_barrier', 'display_name', 'stop_loss', 'stop_out', 'take_profit'],
    },
  },
  profit_table: { items: 'transactions', item: { renamed: SYMBOL_RENAME } },
  statement: { items: 'transactions', item: { removed: ['app_id'] } },
};

/** `contracts_list`: every contract type the server offers, once each (our shape: the new call is undocumented). */
export interface ContractsListItem {
  readonly contract_type: string;
  readonly contract_category: string;
  readonly sentiment: string;
  /** The symbols that offer it. */
  readonly underlying_symbols: readonly string[];
}
