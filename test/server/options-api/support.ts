import type { Scope } from '../../../src/protocol/calls.js';
import { OPTIONS_WS_PREFIX } from '../../../src/protocol/options-api.js';
import type { LocalServer, ServerOptions } from '../../../src/server/index.js';
import { RawSocket } from '../../support/raw-socket.js';
import { startServer, urlWith } from '../../support/servers.js';
import { TRADING_ACCOUNTS } from '../trading/sandbox.js';

/** The new API's public socket of `server`. */
export const publicUrl = (server: LocalServer) => urlWith(server, '', `${OPTIONS_WS_PREFIX}/public`);

/** A server on the trading accounts, rate limits off unless `options` turns them on. */
export function optionsServer(options: ServerOptions = {}) {
  return startServer({ market: { seed: 5 }, accounts: TRADING_ACCOUNTS, rateLimits: false, ...options });
}

/**
 * A public socket bound to `loginid` as an OTP-opened account socket would be. Test-only: until
 * the demo/real sockets land, a scripted `ping` sets the connection's `auth` (what the gateway
 * sets from the OTP), then the real `ping` is back.
 */
export async function accountSocket(
  server: LocalServer,
  loginid = 'VRTC700001',
  scopes: readonly Scope[] = ['read', 'trade'],
): Promise<RawSocket> {
  const raw = await RawSocket.open(publicUrl(server));
  const restore = server.handle('ping', ({ connection }) => {
    connection.auth = { loginid, scopes: new Set(scopes) };
    return 'pong';
  });
  try {
    await raw.answered({ ping: 1 });
  } finally {
    restore();
  }
  return raw;
}
