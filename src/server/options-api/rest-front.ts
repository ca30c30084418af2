import type { IncomingMessage, ServerResponse } from 'node:http';
import { HEALTH_PATH, OPTIONS_PREFIX, OPTIONS_WS_PREFIX } from '../../protocol/options-api.js';
import { errorSummary } from '../error-summary.js';
import type { Logger } from '../logger.js';
import { REST_ERRORS, RestError, sendData, sendError, type RestRequest } from './envelopes.js';
import { authenticate, type RestAuthSettings } from './rest-auth.js';
import {
  issueOtp,
  listAccounts,
  resetDemoBalance,
  type RestHandler,
  type RestHandlerServices,
} from './rest-handlers.js';

interface Route {
  readonly method: 'GET' | 'POST';
  /** Matched against the path after OPTIONS_PREFIX; its one group, if any, is the account id. */
  readonly pattern: RegExp;
  readonly handle: RestHandler;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/accounts$/, handle: listAccounts },
  { method: 'POST', pattern: /^\/accounts\/([^/]*)\/otp$/, handle: issueOtp },
  { method: 'POST', pattern: /^\/accounts\/([^/]*)\/reset-demo-balance$/, handle: resetDemoBalance },
];

export interface OptionsRestSettings extends RestAuthSettings {
  readonly services: RestHandlerServices;
  readonly logger: Logger;
}

/**
 * The new API's REST side, on the server's port (docs/migrating-to-the-new-api.md): `GET
 * /v1/health`, and under `/trading/v1/options/` the accounts list, the OTP call and the demo
 * reset. Returns the request listener, which answers true for a path it owns. Every failure is
 * an error envelope; one nobody expected is a 500 whose log line names no token and no OTP.
 */
export function optionsRest(settings: OptionsRestSettings) {
  return (request: IncomingMessage, response: ServerResponse, pathname: string): boolean => {
    if (pathname === HEALTH_PATH) {
      if (request.method === 'GET' || request.method === 'HEAD')
        response.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end('OK');
      else response.writeHead(405, { 'Content-Type': 'text/plain', Allow: 'GET, HEAD' }).end('Method not allowed\n');
      return true;
    }
    if (pathname !== OPTIONS_PREFIX && !pathname.startsWith(`${OPTIONS_PREFIX}/`)) return false;
    // The sockets' paths are the upgrade's (a plain GET there gets 426 from the HTTP front).
    if (pathname.startsWith(`${OPTIONS_WS_PREFIX}/`)) return false;
    const rest: RestRequest = { endpoint: pathname, method: request.method ?? 'GET', startedMs: performance.now() };
    answer(settings, request, pathname.slice(OPTIONS_PREFIX.length)).then(
      (data) => sendData(response, rest, data),
      (error: unknown) => {
        if (!(error instanceof RestError))
          settings.logger.error(`a REST call to ${rest.method} ${routeName(pathname)} failed: ${errorSummary(error)}`);
        if (response.headersSent) response.destroy();
        else sendError(response, rest, error instanceof RestError ? error : REST_ERRORS.internal());
      },
    );
    return true;
  };
}

async function answer(settings: OptionsRestSettings, request: IncomingMessage, path: string): Promise<unknown> {
  const matching = ROUTES.flatMap((route) => {
    const match = route.pattern.exec(path);
    return match ? [{ route, accountId: match[1] }] : [];
  });
  if (matching.length === 0) throw new RestError(404, 'NotFound', 'No such endpoint');
  const found = matching.find(({ route }) => route.method === request.method);
  if (!found) {
    const allow = matching.map(({ route }) => route.method).join(', ');
    throw new RestError(405, 'MethodNotAllowed', 'Method not allowed', undefined, { Allow: allow });
  }
  const caller = await authenticate(request, settings);
  return found.route.handle({
    request,
    caller,
    accountId: found.accountId === undefined ? undefined : safeDecode(found.accountId),
    services: settings.services,
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The path with any account id blanked out, for a log line. */
function routeName(pathname: string): string {
  return pathname.replace(/\/accounts\/[^/]+\//, '/accounts/{id}/');
}
