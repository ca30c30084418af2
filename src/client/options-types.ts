/**
 * The new API's request and reply types: @deriv/api-types' v3 types with the new API's changes
 * (Deriv's comparison and migration pages), in this one file. A request that carries a field the
 * new API refuses (`symbol` in a proposal, `loginid` anywhere) is a type error, as it is an
 * `InputValidationFailed` on the wire.
 */
import type {
  ActiveSymbols,
  ActiveSymbolsRequest,
  BalanceRequest,
  BuyContractRequest,
  ContractsForSymbolRequest,
  Portfolio,
  PriceProposalRequest,
  ProposalOpenContract,
} from '@deriv/api-types';
import type { RequestOf, ResponseOf, StreamMessageOf } from './types.js';

/** Fields the new API's strict schemas refuse: giving one is a type error. */
type Forbid<K extends PropertyKey> = { [P in K]?: never };
/** A v3 type without `Removed` (which may no longer be given, unless `Added` gives it a new type), plus `Added`. */
type Changed<T, Removed extends PropertyKey, Added = unknown> = Omit<T, Removed> &
  Forbid<Exclude<Removed, keyof Added>> &
  Added;

/** The calls the new API's sockets answer that @deriv/api-types describes (its published request schemas). */
export type OptionsCallName =
  | 'active_symbols'
  | 'balance'
  | 'buy'
  | 'cancel'
  | 'contract_update'
  | 'contract_update_history'
  | 'contracts_for'
  | 'forget'
  | 'forget_all'
  | 'ping'
  | 'portfolio'
  | 'profit_table'
  | 'proposal'
  | 'proposal_open_contract'
  | 'sell'
  | 'statement'
  | 'ticks'
  | 'ticks_history'
  | 'time'
  | 'trading_times'
  | 'transaction';

/** `symbol` became `underlying_symbol`; these went. */
type RemovedFromProposal =
  | 'symbol'
  | 'loginid'
  | 'product_type'
  | 'barrier_range'
  | 'date_start'
  | 'trade_risk_profile'
  | 'trading_period_start';

export type OptionsProposalRequest = Changed<PriceProposalRequest, RemovedFromProposal, { underlying_symbol: string }>;

/** A buy's contract parameters: the proposal's, renamed alike. */
export type OptionsBuyParameters = Changed<
  NonNullable<BuyContractRequest['parameters']>,
  Exclude<RemovedFromProposal, 'loginid' | 'trade_risk_profile'>,
  { underlying_symbol: string }
>;

/** `price` is a JSON number, never a string. */
export type OptionsBuyRequest = Changed<
  BuyContractRequest,
  'loginid' | 'parameters' | 'price',
  { price: number; parameters?: OptionsBuyParameters }
>;

type SpecialRequests = {
  proposal: OptionsProposalRequest;
  buy: OptionsBuyRequest;
  active_symbols: Changed<
    ActiveSymbolsRequest,
    'loginid' | 'landing_company' | 'landing_company_short' | 'product_type' | 'barrier_category'
  >;
  contracts_for: Changed<
    ContractsForSymbolRequest,
    'loginid' | 'currency' | 'landing_company' | 'landing_company_short' | 'product_type'
  >;
  /** One socket, one account: no `account: "all"`. */
  balance: Changed<BalanceRequest, 'loginid' | 'account'>;
};

type OptionsRequests = {
  [K in OptionsCallName]: K extends keyof SpecialRequests ? SpecialRequests[K] : Changed<RequestOf<K>, 'loginid'>;
};

/** Any request the new API's client sends. */
export type OptionsRequest = OptionsRequests[OptionsCallName];
export type OptionsRequestOf<K extends OptionsCallName> = OptionsRequests[K];

/** An `active_symbols` entry: `symbol`, `symbol_type`, `display_name` and `pip` renamed, the display and spot fields gone. */
export type OptionsActiveSymbol = Omit<
  ActiveSymbols[number],
  | 'symbol'
  | 'symbol_type'
  | 'display_name'
  | 'pip'
  | 'market_display_name'
  | 'subgroup_display_name'
  | 'submarket_display_name'
  | 'spot'
  | 'spot_age'
  | 'spot_percentage_change'
  | 'spot_time'
> & { underlying_symbol: string; underlying_symbol_type: string; underlying_symbol_name: string; pip_size: number };

/** One account's balance: no `accounts`, no `total`; `loginid` is the account id. */
export interface OptionsBalance {
  balance: number;
  currency: string;
  loginid: string;
  /** The stream's id, when subscribed. */
  id?: string;
}

/** An open contract: its money fields may come as strings, and it names its `underlying_symbol`. */
export type OptionsOpenContract = Omit<
  ProposalOpenContract,
  'bid_price' | 'buy_price' | 'current_spot' | 'profit' | 'payout' | 'sell_price' | 'underlying'
> & {
  bid_price?: number | string;
  buy_price?: number | string;
  current_spot?: number | string;
  profit?: number | string;
  payout?: number | string;
  sell_price?: number | string | null;
  underlying_symbol?: string;
};

/** A `portfolio` entry: `symbol` renamed, no `app_id`. */
export type OptionsPortfolioContract = Omit<Portfolio['contracts'][number], 'symbol' | 'app_id'> & {
  underlying_symbol: string;
};

type Replaced<K extends OptionsCallName, Payload> = Omit<ResponseOf<K>, K> & { [P in K]: Payload };

type SpecialResponses = {
  active_symbols: Replaced<'active_symbols', OptionsActiveSymbol[]>;
  balance: Replaced<'balance', OptionsBalance>;
  portfolio: Replaced<'portfolio', { contracts: OptionsPortfolioContract[] }>;
  proposal_open_contract: Replaced<'proposal_open_contract', OptionsOpenContract>;
};

/** The successful reply of one call on the new API. */
export type OptionsResponseOf<K extends OptionsCallName> = K extends keyof SpecialResponses
  ? SpecialResponses[K]
  : ResponseOf<K>;

export type OptionsCallOf<R> = Extract<keyof R, OptionsCallName>;

/** The reply type of a new-API request, from its call key. */
export type OptionsResponseFor<R> = OptionsResponseOf<OptionsCallOf<R>>;

/** The calls that stream on the new API. */
export type OptionsStreamCallName = Extract<
  OptionsCallName,
  'balance' | 'buy' | 'proposal' | 'proposal_open_contract' | 'ticks' | 'ticks_history' | 'transaction'
>;
export type OptionsStreamRequest = OptionsRequests[OptionsStreamCallName];

/** One message of a new-API stream. */
export type OptionsStreamMessageFor<R> =
  OptionsCallOf<R> extends infer K extends OptionsStreamCallName
    ? K extends 'balance' | 'proposal_open_contract'
      ? OptionsResponseOf<K> & { subscription?: { id: string } }
      : StreamMessageOf<K>
    : never;
