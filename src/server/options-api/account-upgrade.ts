import type { IncomingMessage } from 'node:http';
import type { OptionsChannel } from '../../protocol/options-api.js';
import { DEFAULT_BRAND, DEFAULT_LANGUAGE } from '../../protocol/url.js';
import { peerOf, type ConnectionInfo } from '../gateway.js';
import { REST_ERRORS, errorBody, type RestError } from './envelopes.js';
import type { OtpStore } from './otp-store.js';

export type AccountUpgradeDecision =
  | { accept: true; info: ConnectionInfo; userId: number }
  | { accept: false; status: number; body: string };

/**
 * Whether an upgrade on `…/ws/demo` or `…/ws/real` may go ahead, decided before it, as Deriv
 * does (docs/migrating-to-the-new-api.md): no `otp` is 400, one that is unknown, expired, used
 * or for the other path is 401, both with the REST error body. The OTP is used up by this
 * check, whatever follows (a connection cap's 429 included): an OTP is good for one try.
 */
export async function decideAccountUpgrade(
  request: IncomingMessage,
  url: URL,
  channel: Exclude<OptionsChannel, 'public'>,
  otps: OtpStore,
  trustedProxies: ReadonlySet<string>,
): Promise<AccountUpgradeDecision> {
  const startedMs = performance.now();
  const refuse = (error: RestError) => ({
    accept: false as const,
    status: error.status,
    body: errorBody(error, { endpoint: url.pathname, method: 'GET', startedMs }),
  });
  const otp = url.searchParams.get('otp');
  if (!otp) return refuse(REST_ERRORS.otpRequired());
  const grant = await otps.redeem(otp);
  if (!grant || grant.channel !== channel) return refuse(REST_ERRORS.otpInvalid());
  return {
    accept: true,
    userId: grant.userId,
    info: {
      api: 'options',
      channel,
      boundAuth: { loginid: grant.loginid, scopes: new Set(grant.scopes) },
      appId: grant.appId,
      appIdRegistered: true,
      lang: DEFAULT_LANGUAGE,
      brand: DEFAULT_BRAND,
      ...peerOf(request, trustedProxies),
    },
  };
}

/** The REST error body of an account socket refused after its OTP (its user's cap, a failure). */
export function accountRefusalBody(error: RestError, pathname: string): string {
  return errorBody(error, { endpoint: pathname, method: 'GET', startedMs: performance.now() });
}
