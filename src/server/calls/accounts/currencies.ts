const currency = (fractional_digits: number, type: 'fiat' | 'crypto', name: string, stake_default: number) => ({
  fractional_digits,
  is_deposit_suspended: 0,
  is_suspended: 0,
  is_withdrawal_suspended: 0,
  name,
  stake_default,
  transfer_between_accounts: { fees: {}, limits: { min: type === 'fiat' ? 1 : 0.0002 } },
  type,
});

/** The currencies accounts here may hold, as `website_status.currencies_config` lists them. */
export const CURRENCIES_CONFIG = {
  USD: currency(2, 'fiat', 'US Dollar', 10),
  EUR: currency(2, 'fiat', 'Euro', 10),
  GBP: currency(2, 'fiat', 'Pound Sterling', 10),
  AUD: currency(2, 'fiat', 'Australian Dollar', 10),
  BTC: currency(8, 'crypto', 'Bitcoin', 0.0002),
  ETH: currency(8, 'crypto', 'Ethereum', 0.002),
  USDT: currency(2, 'crypto', 'Tether TRC20', 10),
};
