import { ALL_SCOPES, type AccountConfig } from './accounts-config.js';

export const DEMO_LOGINID = 'VRTC1000001';

/** The account a server makes when it is given none: virtual, USD 10 000, one all-scopes token. */
export function demoAccountConfig(token: string): AccountConfig {
  return {
    loginid: DEMO_LOGINID,
    currency: 'USD',
    balance: 10_000,
    is_virtual: true,
    fullname: 'Demo Trader',
    tokens: [{ token, scopes: [...ALL_SCOPES] }],
  };
}
