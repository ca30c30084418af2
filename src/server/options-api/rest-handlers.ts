import type { IncomingMessage } from 'node:http';
import { LOGINID_PATTERN } from '../../protocol/envelope.js';
import { OTP_TTL_SECONDS, optionsSocketUrl } from '../../protocol/options-api.js';
import { DEMO_BALANCE_CENTS, DEMO_TOPUP_DESCRIPTION } from '../calls/trading/account-calls.js';
import type { Clock } from '../clock.js';
import { amountFromCents } from '../store/money.js';
import type { Account, Store } from '../store/store.js';
import { RestError } from './envelopes.js';
import { newOtp, type OtpStore } from './otp-store.js';
import type { RestCaller } from './rest-auth.js';

export interface RestHandlerServices {
  readonly store: Store;
  readonly otps: OtpStore;
  readonly clock: Clock;
  /** `host:port` of the server itself, for an OTP URL when the request's Host header is unusable. */
  readonly ownHost: () => string;
  /** Counted once per OTP handed out (the test hook `otpsIssued`). */
  readonly otpIssued: () => void;
}

export interface RestCall {
  readonly request: IncomingMessage;
  readonly caller: RestCaller;
  /** The `{account_id}` path segment, if the route has one. */
  readonly accountId: string | undefined;
  readonly services: RestHandlerServices;
}

export type RestHandler = (call: RestCall) => Promise<unknown>;

const ACCOUNT_ID = new RegExp(LOGINID_PATTERN);

/** An account as the new API lists it. Every account here is `row` and active; virtual is `demo`. */
function accountView(account: Account) {
  return {
    account_id: account.loginid,
    balance: amountFromCents(account.balanceCents),
    currency: account.currency,
    group: 'row',
    status: 'active',
    account_type: account.isVirtual ? 'demo' : 'real',
  };
}

/** `GET accounts`: every account of the token's user, real and demo. */
export const listAccounts: RestHandler = async ({ caller, services }) => {
  const own = await services.store.account(caller.grant.loginid);
  if (!own) return [];
  return (await services.store.accountsOfUser(own.userId)).map(accountView);
};

/**
 * The account a path names, if the token's user owns it. An unknown account and someone
 * else's answer the same 404 `AccountNotFound` (our choice: Deriv documents neither), so a
 * token cannot learn which ids exist.
 */
async function ownedAccount({ caller, accountId, services }: RestCall): Promise<Account> {
  if (accountId === undefined || !ACCOUNT_ID.test(accountId))
    throw new RestError(400, 'ValidationError', 'Invalid account ID format', 'account_id');
  const [own, named] = await Promise.all([
    services.store.account(caller.grant.loginid),
    services.store.account(accountId),
  ]);
  if (!own || !named || named.userId !== own.userId) throw new RestError(404, 'AccountNotFound', 'Account not found');
  return named;
}

/** `POST accounts/{id}/otp`: a one-time URL for the account's socket, `…/ws/demo` or `…/ws/real` by its type. */
export const issueOtp: RestHandler = async (call) => {
  const account = await ownedAccount(call);
  const { services, caller, request } = call;
  const channel = account.isVirtual ? 'demo' : 'real';
  const otp = newOtp();
  const now = services.clock.now();
  await services.otps.issue(otp, {
    loginid: account.loginid,
    userId: account.userId,
    scopes: caller.grant.scopes,
    appId: caller.appId,
    channel,
    expiresAtMs: now + OTP_TTL_SECONDS * 1000,
  });
  services.otpIssued();
  const host = usableHost(request.headers.host) ?? services.ownHost();
  return { url: `${optionsSocketUrl(`ws://${host}`, channel)}?otp=${otp}` };
};

/**
 * `POST accounts/{id}/reset-demo-balance`: as v3's `topup_virtual`, a demo account below the
 * opening balance is raised to it by one `virtual_credit` row; one at or above it is left as it is.
 */
export const resetDemoBalance: RestHandler = async (call) => {
  const account = await ownedAccount(call);
  if (!account.isVirtual) throw new RestError(400, 'ValidationError', 'Only demo accounts can be reset', 'account_id');
  const { store } = call.services;
  const row = await store.topUp({
    loginid: account.loginid,
    balanceCents: DEMO_BALANCE_CENTS,
    action: 'virtual_credit',
    description: DEMO_TOPUP_DESCRIPTION,
  });
  return accountView(row ? { ...account, balanceCents: row.balanceAfterCents } : account);
};

/** A Host header fit to put in a URL: a name, IPv4 or bracketed IPv6, with an optional port; else undefined. */
export function usableHost(host: string | undefined): string | undefined {
  if (host === undefined || host.length > 261) return undefined;
  return /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/.test(
    host,
  )
    ? host
    : undefined;
}
