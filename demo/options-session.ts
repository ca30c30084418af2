import type { DerivClient, DerivClientOptions } from '../src/client/index.js';
import { DerivClient as OptionsClient } from '../src/client/options-index.js';
import type { ConnectTarget } from './connection-form.js';
import { maskOtp } from './options-endpoint.js';

/** The options both APIs' clients get from the page (keep-alive, reconnect delays). */
export type CommonOptions = Pick<DerivClientOptions, 'pingIntervalMs' | 'minRetryDelayMs' | 'maxRetryDelayMs'>;

export interface OtpEvents {
  /** A connect or reconnect of the account's socket is asking REST for a fresh OTP. */
  requested(accountId: string): void;
  /** REST answered: the one-time URL, its OTP masked (the real one goes only to the socket). */
  received(maskedUrl: string): void;
}

/**
 * A client of the new API for a Connect: an account's (an OTP from REST before every connect and
 * reconnect, the steps told to `otp`) or the public socket's (market data, no token).
 *
 * The page talks to it through v3's client type: at run time it is v3's client on other sockets,
 * and the messages' differences are the session's `ApiDialect`'s (api-dialect.ts), so this cast
 * is the one place the two types meet.
 */
export function optionsClient(
  target: Exclude<ConnectTarget, { api: 'v3' }>,
  common: CommonOptions,
  otp: OtpEvents,
): DerivClient {
  if (target.api === 'options-public')
    return new OptionsClient({ api: 'options', public: true, url: target.url, ...common }) as unknown as DerivClient;
  const { restUrl, appId, token, accountId } = target;
  const client = new OptionsClient({
    api: 'options',
    restUrl,
    appId,
    token,
    accountId,
    ...common,
    // The client's sockets are made here, so the page sees each one-time URL as it is used.
    WebSocket: socketReporting((url) => otp.received(maskOtp(url))),
  });
  // Every attempt starts `connecting` and then asks for its OTP (`url` before the socket).
  client.on('state', (state) => {
    if (state.status === 'connecting') otp.requested(client.accountId ?? accountId);
  });
  return client as unknown as DerivClient;
}

/** The browser's WebSocket, telling `opened` each URL before it connects to it. */
function socketReporting(opened: (url: string) => void): typeof WebSocket {
  return class ReportingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      opened(String(url));
      super(url, protocols);
    }
  };
}
