import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { OPTIONS_LIMITS } from '../../protocol/options-api.js';
import type { LimitStore } from '../limits/limit-store.js';
import type { Store, TokenGrant } from '../store/store.js';
import { REST_ERRORS } from './envelopes.js';

/** A new-style app id: opaque (Deriv's are some 20 alphanumerics), so any 1–64 of [A-Za-z0-9_-]. */
export const OPTIONS_APP_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Who a REST call is: the token's grant and the app it came through. */
export interface RestCaller {
  readonly grant: TokenGrant;
  readonly appId: string;
}

export interface RestAuthSettings {
  readonly store: Store;
  readonly limits: LimitStore;
  /** REST calls a token may make in a minute; undefined for no limit (`rateLimits: false`). */
  readonly perMinute: number | undefined;
  readonly registeredAppIds: ReadonlySet<string> | undefined;
  /** Tokens `revokeToken` turned away (the store has no way to delete one). */
  readonly revoked: ReadonlySet<string>;
}

/** The default budget of REST calls per token. */
export const REST_PER_MINUTE = OPTIONS_LIMITS.restPerMinute;

/**
 * Checks a REST call's credentials, in Deriv's order as far as it is known: the Bearer token
 * (an account's API token is a personal access token here; there is no OAuth), then the
 * `Deriv-App-ID` every PAT call must carry, then the token's budget, then the `trade` scope
 * every call here needs. Throws the RestError to answer.
 */
export async function authenticate(request: IncomingMessage, settings: RestAuthSettings): Promise<RestCaller> {
  const token = /^Bearer ([^\s]+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (token === undefined || settings.revoked.has(token)) throw REST_ERRORS.unauthorized();
  const grant = await settings.store.grantFor(token);
  if (!grant) throw REST_ERRORS.unauthorized();
  const appId = request.headers['deriv-app-id'];
  if (appId === undefined || appId === '') throw REST_ERRORS.appIdRequired();
  if (typeof appId !== 'string' || !OPTIONS_APP_ID_PATTERN.test(appId)) throw REST_ERRORS.appIdMalformed();
  if (settings.registeredAppIds && !settings.registeredAppIds.has(appId)) throw REST_ERRORS.appIdUnregistered();
  if (settings.perMinute !== undefined) {
    // Keyed by the token's hash: a fleet's Redis holds no usable token.
    const counts = await settings.limits.count('calls', `rest:${tokenKey(token)}`, 1);
    if (counts.minute > settings.perMinute) throw REST_ERRORS.rateLimit();
  }
  if (!grant.scopes.includes('trade')) throw REST_ERRORS.accessDenied();
  return { grant, appId };
}

function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
