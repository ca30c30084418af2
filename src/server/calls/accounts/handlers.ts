import { AUTHENTICATED_STREAMS, CALLS } from '../../../protocol/calls.js';
import { LOGINID_PATTERN, TOKEN_PATTERN } from '../../../protocol/envelope.js';
import { ApiError, apiErrors } from '../../api-error.js';
import { amountFromCents } from '../../store/money.js';
import type { Account, LedgerRow } from '../../store/store.js';
import { callSchema } from '../../schemas.js';
import { openStream } from '../../streams/open-stream.js';
import { sharePayload } from '../../streams/stream-message.js';
import { Reply, type CallContext, type CallDefinition, type ConnectionHandle } from '../types.js';
import { addressKey } from '../../limits/address-key.js';

const TOKEN = { type: 'string', pattern: TOKEN_PATTERN };

const LANDING_COMPANIES: Record<string, string> = {
  virtual: 'Deriv Limited',
  svg: 'Deriv (SVG) LLC',
  maltainvest: 'Deriv Investments (Europe) Limited',
};

function endAccountSession(connection: ConnectionHandle): void {
  connection.streams.forgetTypes(AUTHENTICATED_STREAMS);
  connection.auth = undefined;
}

async function authorizeResponse(context: CallContext, account: Account, scopes: readonly string[]) {
  const siblings = await context.services.store.accountsOfUser(account.userId);
  return {
    account_list: siblings.map((sibling) => ({
      account_category: 'trading',
      account_type: 'binary',
      broker: sibling.loginid.replace(/[0-9]+$/, ''),
      created_at: 1_700_000_000,
      currency: sibling.currency,
      currency_type: 'fiat',
      is_disabled: 0,
      is_virtual: sibling.isVirtual ? 1 : 0,
      landing_company_name: sibling.landingCompanyName,
      linked_to: [],
      loginid: sibling.loginid,
    })),
    balance: amountFromCents(account.balanceCents),
    country: account.country,
    currency: account.currency,
    email: account.email,
    fullname: account.fullname,
    is_virtual: account.isVirtual ? 1 : 0,
    landing_company_fullname: LANDING_COMPANIES[account.landingCompanyName] ?? account.landingCompanyName,
    landing_company_name: account.landingCompanyName,
    linked_to: [],
    local_currencies: { [account.currency]: { fractional_digits: 2 } },
    loginid: account.loginid,
    preferred_language: context.connection.lang,
    scopes,
    upgradeable_landing_companies: account.isVirtual ? ['svg'] : [],
    user_id: account.userId,
  };
}

export const authorize: CallDefinition = {
  name: 'authorize',
  schema: callSchema(CALLS.get('authorize')!, {
    properties: {
      add_to_login_history: { type: 'integer', enum: [0, 1] },
      tokens: { type: 'array', items: TOKEN, maxItems: 25 },
    },
  }),
  changesAuthorization: true,
  /**
   * Authorizes the connection as the token's account, or switches to it from another. The
   * old account's streams stop on a switch. Every extra token must be valid too. Failures
   * from one IP have a budget (`rateLimits.failedAuthorizations`); past it, `RateLimit`
   * before any token is looked at.
   */
  handle: async (context) => {
    const { args, services, connection } = context;
    const throttle = services.authorizationThrottle;
    if (throttle && !(await throttle.attempt(addressKey(connection.remoteAddress))))
      throw apiErrors.rateLimit('authorize');
    const grant = await services.store.grantFor(args.authorize as string);
    if (!grant) throw apiErrors.invalidToken();
    // Asked together: in a cluster each is a round trip to the primary.
    const extras = await Promise.all(
      ((args.tokens as string[] | undefined) ?? []).map((extra) => services.store.grantFor(extra)),
    );
    if (extras.some((extra) => !extra)) throw apiErrors.invalidToken();
    const account = await services.store.account(grant.loginid);
    if (!account) throw apiErrors.invalidToken();
    throttle?.succeeded(addressKey(connection.remoteAddress));
    // Answered Timeout already, or the connection is gone: the requests after this one have
    // moved on without it, so it must not land now.
    if (context.abandoned) throw apiErrors.timeout();
    if (connection.auth && connection.auth.loginid !== account.loginid) endAccountSession(connection);
    connection.auth = { loginid: account.loginid, scopes: new Set(grant.scopes) };
    return authorizeResponse(context, account, grant.scopes);
  },
};

export const logout: CallDefinition = {
  name: 'logout',
  schema: callSchema(CALLS.get('logout')!, { properties: {} }),
  changesAuthorization: true,
  handle: ({ connection }) => {
    endAccountSession(connection);
    return 1;
  },
};

function balancePayload(account: Pick<Account, 'loginid' | 'currency'>, balance: number) {
  return { balance, currency: account.currency, loginid: account.loginid };
}

export const balance: CallDefinition = {
  name: 'balance',
  schema: callSchema(CALLS.get('balance')!, {
    properties: {
      account: { type: 'string', pattern: `^(all|current|${LOGINID_PATTERN.slice(1, -1)})$` },
      loginid: { type: 'string', pattern: LOGINID_PATTERN },
    },
    subscribe: [0, 1],
  }),
  /**
   * The authorized account's balance; with `subscribe: 1`, a message on every change.
   * Our choice: `account` may name only the authorized account (or `current`/`all`, which
   * both mean it here).
   */
  handle: async (context) => {
    const { args, services, connection } = context;
    const loginid = connection.auth!.loginid;
    const requested = (args.account ?? args.loginid) as string | undefined;
    if (requested && requested !== 'all' && requested !== 'current' && requested !== loginid) {
      throw new ApiError('PermissionDenied', 'Permission denied, requested loginid does not match your account.');
    }
    // Rows are heard from before the read: one committed while the store answers is either in
    // the balance read or after it, and the last one heard is the balance now either way.
    let latest: LedgerRow | undefined;
    const stopHearing = args.subscribe === 1 ? services.accountFeed.onRow(loginid, (row) => (latest = row)) : undefined;
    let account: Account | undefined;
    try {
      account = await services.store.account(loginid);
    } finally {
      stopHearing?.();
    }
    // Authorization changes wait for this call (RequestOrder), so none lands while the store
    // answers. Should one ever, the account's session and streams would be gone, and a
    // stream opened now would outlive them: the call is answered as after the change.
    if (connection.auth?.loginid !== loginid) throw apiErrors.authorizationRequired();
    if (!account) throw apiErrors.invalidToken();
    const amount = amountFromCents(account.balanceCents);
    const fields: Record<string, unknown> = { balance: balancePayload(account, amount) };
    if (args.subscribe === 1) {
      const key = `balance:${loginid}`;
      connection.streams.assertNotSubscribed(key, `You are already subscribed to ${loginid} balance.`);
      const shown = account;
      const message = (row: LedgerRow) =>
        sharePayload(balancePayload(shown, amountFromCents(row.balanceAfterCents)), 'loginid');
      // A change committed while the store answered, after what it read: sent once the reply is out.
      const missed = latest && latest.balanceAfterCents !== account.balanceCents ? latest : undefined;
      const id = openStream(context, {
        key,
        listen: (deliver) => {
          let live = true;
          const stop = services.accountFeed.onRow(loginid, (row) => deliver(message(row)));
          if (missed) setImmediate(() => live && deliver(message(missed)));
          return () => {
            live = false;
            stop();
          };
        },
      });
      fields.balance = { balance: amount, currency: account.currency, id, loginid };
      fields.subscription = { id };
    }
    return new Reply('balance', fields);
  },
};
