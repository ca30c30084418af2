import { Ajv, type ValidateFunction } from 'ajv';
import type { Scope } from '../../protocol/calls.js';
import { LOGINID_PATTERN, TOKEN_PATTERN } from '../../protocol/envelope.js';
import type { AccountProfile } from '../store/store.js';

export const ALL_SCOPES: readonly Scope[] = ['read', 'trade', 'trading_information', 'payments', 'admin'];

/** One account in an accounts file (`serve --accounts FILE`). */
export interface AccountConfig {
  loginid: string;
  currency: string;
  balance: number;
  is_virtual: boolean;
  email?: string;
  fullname?: string;
  country?: string;
  landing_company_name?: string;
  /** Accounts with the same user_id list each other in `authorize.account_list`. Default 1. */
  user_id?: number;
  tokens: { token: string; scopes: Scope[] }[];
}

export interface AccountsConfig {
  accounts: AccountConfig[];
}

const SCHEMA = {
  type: 'object',
  required: ['accounts'],
  additionalProperties: false,
  properties: {
    accounts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['loginid', 'currency', 'balance', 'is_virtual', 'tokens'],
        additionalProperties: false,
        properties: {
          loginid: { type: 'string', pattern: LOGINID_PATTERN },
          currency: { type: 'string', pattern: '^[A-Za-z0-9]{2,20}$' },
          balance: { type: 'number', minimum: 0 },
          is_virtual: { type: 'boolean' },
          email: { type: 'string' },
          fullname: { type: 'string' },
          country: { type: 'string', pattern: '^[a-z]{2}$' },
          landing_company_name: { type: 'string' },
          user_id: { type: 'integer', minimum: 1 },
          tokens: {
            type: 'array',
            items: {
              type: 'object',
              required: ['token', 'scopes'],
              additionalProperties: false,
              properties: {
                token: { type: 'string', pattern: TOKEN_PATTERN },
                scopes: { type: 'array', items: { enum: [...ALL_SCOPES] }, uniqueItems: true },
              },
            },
          },
        },
      },
    },
  },
} as const;

// Compiled on first use: every server and cluster worker imports this, few are given a file.
let validate: ValidateFunction | undefined;

/**
 * Checks an accounts file and says what is wrong in one line. Token values never appear in
 * the message, even when a token is the problem.
 */
export function parseAccountsConfig(value: unknown): AccountsConfig {
  validate ??= new Ajv({ allErrors: true }).compile(SCHEMA);
  if (!validate(value)) {
    const error = validate.errors![0]!;
    throw new Error(`accounts file: ${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
  }
  const config = value as AccountsConfig;
  const loginids = new Set<string>();
  const tokens = new Set<string>();
  for (const account of config.accounts) {
    if (loginids.has(account.loginid)) throw new Error(`accounts file: loginid ${account.loginid} appears twice`);
    loginids.add(account.loginid);
    for (const { token } of account.tokens) {
      if (tokens.has(token))
        throw new Error(`accounts file: a token of ${account.loginid} is used by another account too`);
      tokens.add(token);
    }
  }
  return config;
}

/** Who an account in the file is, with the defaults for what the file leaves out. */
export function accountProfile(entry: AccountConfig): AccountProfile {
  return {
    loginid: entry.loginid,
    currency: entry.currency,
    isVirtual: entry.is_virtual,
    email: entry.email ?? `${entry.loginid.toLowerCase()}@example.com`,
    fullname: entry.fullname ?? '',
    country: entry.country ?? 'aq',
    landingCompanyName: entry.landing_company_name ?? (entry.is_virtual ? 'virtual' : 'svg'),
    userId: entry.user_id ?? 1,
  };
}
