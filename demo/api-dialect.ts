import type { ProposalRequest } from './contract-order.js';
import type { SymbolEntry } from './symbol-picker.js';
import type { OpenContract } from './trading-calls.js';

/**
 * The few shapes in which the new API's messages differ from v3's, where the page meets them:
 * the page builds requests and reads replies in v3's terms, and its session's dialect
 * translates. The rest (ticks, proposals' prices, balance, buying by proposal id, selling) is
 * the same on both. The renames are Deriv's (docs/migrating-to-the-new-api.md).
 */
export interface ApiDialect {
  /** `active_symbols` entries as the symbol picker reads them. */
  symbols(entries: readonly unknown[]): SymbolEntry[];
  /** A proposal the page built, as this API takes it. */
  proposal(request: ProposalRequest): ProposalRequest;
  /** A `proposal_open_contract` update as the page's panels read it. */
  openContract(update: unknown): OpenContract;
}

/** v3: everything as it comes. */
export const V3_DIALECT: ApiDialect = {
  symbols: (entries) => entries as SymbolEntry[],
  proposal: (request) => request,
  openContract: (update) => update as OpenContract,
};

/** The new API: `underlying_symbol` for `symbol`, money as text, no display values. */
export const OPTIONS_DIALECT: ApiDialect = {
  symbols: (entries) =>
    entries.map((entry) => {
      const item = entry as Record<string, unknown>;
      return {
        symbol: String(item.underlying_symbol),
        display_name: String(item.underlying_symbol_name ?? item.underlying_symbol),
        // Only the submarket's code is sent (`random_index`); shown as words.
        ...(typeof item.submarket === 'string' ? { submarket_display_name: words(item.submarket) } : {}),
      };
    }),
  proposal: ({ symbol, ...rest }) => ({ ...rest, underlying_symbol: symbol }) as unknown as ProposalRequest,
  openContract: (update) => {
    const { underlying_symbol, current_spot, exit_spot, exit_spot_time, ...rest } = update as Record<string, unknown>;
    // `current_spot` is the spot's text at the symbol's pip size: the other spots are shown with as many decimals.
    const decimals = typeof current_spot === 'string' ? (current_spot.split('.')[1]?.length ?? 0) : undefined;
    const shown = (spot: unknown) =>
      typeof spot !== 'number' ? undefined : decimals === undefined ? String(spot) : spot.toFixed(decimals);
    return {
      ...rest,
      ...numbers(rest, ['bid_price', 'buy_price', 'profit', 'payout', 'sell_price']),
      underlying: underlying_symbol,
      current_spot: amount(current_spot),
      current_spot_display_value: current_spot,
      entry_spot_display_value: shown(rest.entry_spot),
      entry_tick_display_value: shown(rest.entry_tick),
      exit_tick_display_value: shown(rest.exit_tick),
      sell_spot: exit_spot,
      sell_spot_time: exit_spot_time,
      sell_spot_display_value: shown(exit_spot),
    } as OpenContract;
  },
};

/** Money the new API sends as text (`"9.53"`), as numbers; absent ones stay absent. */
function numbers(source: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const converted: Record<string, unknown> = {};
  for (const field of fields) if (field in source) converted[field] = amount(source[field]);
  return converted;
}

function amount(value: unknown): unknown {
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** `random_index` → `Random index`. */
function words(code: string): string {
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
