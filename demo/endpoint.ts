import type { DerivClientOptions } from '../src/client/index.js';
import { APP_ID_PATTERN, DEFAULT_ENDPOINT, TEST_APP_ID, WEBSOCKET_PATH } from '../src/protocol/url.js';

/** `host[:port]`, optionally after `ws://` or `wss://`; no path, query or credentials. */
const ENDPOINT_PATTERN = /^(?:(wss?):\/\/)?([^\s/?#@]+)\/?$/i;

export const DEFAULT_APP_ID = String(TEST_APP_ID);

export type Endpoint = { ok: true; url: string; host: string } | { ok: false; problem: string };

/**
 * Where the page connects first. Served over HTTP (`deriv-ws serve`), the page's own server,
 * which serves the v3 API next to the page, with TLS if the page came over TLS. Opened from
 * disk (`file://`, as Deriv's guide does), there is no server of its own: Deriv's public one.
 */
export function defaultEndpoint(page: Location): string {
  return isServed(page) ? `${schemeFor(page)}://${page.host}` : `wss://${DEFAULT_ENDPOINT}`;
}

/**
 * `{scheme}://{host}/websockets/v3?app_id={id}`. A scheme typed into the endpoint wins;
 * otherwise it follows the page, since an https page may not open a plain ws:// socket.
 */
export function endpointUrl(endpoint: string, appId: string, page: Location): Endpoint {
  const match = ENDPOINT_PATTERN.exec(endpoint.trim());
  const host = match?.[2];
  if (!match || host === undefined)
    return { ok: false, problem: 'The endpoint is a host and port, such as ws://127.0.0.1:8080 or ws.derivws.com.' };
  const id = appId.trim();
  if (!APP_ID_PATTERN.test(id))
    return { ok: false, problem: 'The app_id is a number of 1 to 19 digits, such as 1089.' };
  const scheme = match[1]?.toLowerCase() ?? schemeFor(page);
  return { ok: true, url: `${scheme}://${host}${WEBSOCKET_PATH}?app_id=${id}`, host };
}

/**
 * Reconnect delays from the page's own query string, `?minRetryDelayMs=100&maxRetryDelayMs=500`,
 * so a test (or a curious user) can watch a reconnect without waiting for the client's
 * defaults of 1 s to 30 s. Absent ones keep the defaults; bad ones reach the client, which
 * refuses them with an `InvalidOptionError` that names the option.
 */
export function retryDelaysFrom(search: string): Pick<DerivClientOptions, 'minRetryDelayMs' | 'maxRetryDelayMs'> {
  const params = new URLSearchParams(search);
  const min = params.get('minRetryDelayMs');
  const max = params.get('maxRetryDelayMs');
  return {
    ...(min !== null ? { minRetryDelayMs: Number(min) } : {}),
    ...(max !== null ? { maxRetryDelayMs: Number(max) } : {}),
  };
}

function isServed(page: Location): boolean {
  return page.protocol === 'http:' || page.protocol === 'https:';
}

/** A plain http page gets plain ws; an https page may not open one, and a page from disk is most likely pointed at Deriv's TLS endpoint. */
function schemeFor(page: Location): 'ws' | 'wss' {
  return page.protocol === 'http:' ? 'ws' : 'wss';
}
