import { CALLS } from '../../protocol/calls.js';
import { callSchema } from '../schemas.js';
import type { CallDefinition } from './types.js';

function info(name: string) {
  const call = CALLS.get(name);
  if (!call) throw new Error(`unknown call ${name}`);
  return call;
}

export const ping: CallDefinition = {
  name: 'ping',
  schema: callSchema(info('ping'), { properties: {} }),
  handle: () => 'pong',
};

export const time: CallDefinition = {
  name: 'time',
  schema: callSchema(info('time'), { properties: {} }),
  handle: ({ services }) => Math.floor(services.clock.now() / 1000),
};

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

const CURRENCIES_CONFIG = {
  USD: currency(2, 'fiat', 'US Dollar', 10),
  EUR: currency(2, 'fiat', 'Euro', 10),
  GBP: currency(2, 'fiat', 'Pound Sterling', 10),
  AUD: currency(2, 'fiat', 'Australian Dollar', 10),
  BTC: currency(8, 'crypto', 'Bitcoin', 0.0002),
  ETH: currency(8, 'crypto', 'Ethereum', 0.002),
  USDT: currency(2, 'crypto', 'Tether TRC20', 10),
};

export const websiteStatus: CallDefinition = {
  name: 'website_status',
  // `subscribe` is accepted (0 or 1) so requests validate; the status never changes locally, so nothing streams.
  schema: callSchema(info('website_status'), { properties: {}, subscribe: [0, 1] }),
  handle: ({ services }) => ({
    api_call_limits: services.apiCallLimits,
    clients_country: 'aq',
    currencies_config: CURRENCIES_CONFIG,
    site_status: 'up',
    supported_languages: ['EN', 'ES', 'FR', 'ID', 'IT', 'PL', 'PT', 'RU', 'TH', 'VI', 'ZH_CN', 'ZH_TW'],
    terms_conditions_version: 'Version 4.2.0 2020-08-07',
  }),
};

export const systemCalls: readonly CallDefinition[] = [ping, time, websiteStatus];
