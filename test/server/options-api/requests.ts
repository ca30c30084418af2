import type { OptionsCall } from '../../../src/protocol/options-renames.js';

/** A CALL on R_100 for 5 ticks, in the new API's names. */
export const CALL_5T = {
  contract_type: 'CALL',
  underlying_symbol: 'R_100',
  currency: 'USD',
  basis: 'stake',
  amount: 10,
  duration: 5,
  duration_unit: 't',
};

/** A request of each call that its schema accepts. */
export const VALID: Readonly<Record<OptionsCall, Record<string, unknown>>> = {
  active_symbols: { active_symbols: 'brief' },
  balance: { balance: 1 },
  buy: { buy: '1', price: 10, parameters: CALL_5T },
  cancel: { cancel: 1 },
  contract_update: { contract_update: 1, contract_id: 1, limit_order: { stop_loss: 5 } },
  contract_update_history: { contract_update_history: 1, contract_id: 1 },
  contracts_for: { contracts_for: 'R_100' },
  contracts_list: { contracts_list: 1 },
  forget: { forget: 'a'.repeat(32) },
  forget_all: { forget_all: 'ticks' },
  ping: { ping: 1 },
  portfolio: { portfolio: 1 },
  profit_table: { profit_table: 1 },
  proposal: { proposal: 1, ...CALL_5T },
  proposal_open_contract: { proposal_open_contract: 1 },
  sell: { sell: 1, price: 0 },
  statement: { statement: 1 },
  ticks: { ticks: '1HZ100V' },
  ticks_history: { ticks_history: 'R_100', end: 'latest', count: 5 },
  time: { time: 1 },
  trading_times: { trading_times: 'today' },
  transaction: { transaction: 1, subscribe: 1 },
};
