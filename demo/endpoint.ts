import type { DerivClientOptions } from '../src/client/index.js';

/** `host[:port]`, optionally after `ws://` or `wss://`; no path, query or credentials. */
const ENDPOINT_PATTERN = /^(?:(wss?):\/\/)?([^\s/?#@]+)\/?$/i;
/** Deriv's rule for app ids: 1 to 19 digits, no leading zero. */
const APP_ID_PATTERN = /^[1-9][0-9]{0,18}$/;

export const DEFAULT_APP_ID = '1089';

export type Endpoint = { ok: true; url: string; host: string } | { ok: false; problem: string };

/** The page's own server, which serves the v3 API next to the page; TLS if the page came over TLS. */
export function defaultEndpoint(page: Location): string {
  return `${schemeFor(page)}://${page.host}`;
}

/**
 * `{scheme}://{host}/websockets/v3?app_id={id}`. A scheme typed into the endpoint wins;
 * otherwise it follows the page, since an https page may not open a plain ws:// socket.
 */
export function endpointUrl(endpoint: string, appId: string, page: Location): Endpoint {
  const match = ENDPOINT_PATTERN.exec(endpoint.trim());
  const host = match?.[2];
  if (!match || host === undefined) return { ok: false, problem: 'The endpoint is a host and port, such as ws://127.0.0.1:8080 or ws.derivws.com.' };
  const id = appId.trim();
  if (!APP_ID_PATTERN.test(id)) return { ok: false, problem: 'The app_id is a number of 1 to 19 digits, such as 1089.' };
  const scheme = match[1]?.toLowerCase() ?? schemeFor(page);
  return { ok: true, url: `${scheme}://${host}/websockets/v3?app_id=${id}`, host };
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

function schemeFor(page: Location): 'ws' | 'wss' {
  return page.protocol === 'https:' ? 'wss' : 'ws';
}
