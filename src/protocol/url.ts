/** URL rules of the v3 endpoint (docs/PROTOCOL-NOTES.md, "Connection"). */

export const DEFAULT_ENDPOINT = 'ws.derivws.com';
export const WEBSOCKET_PATH = '/websockets/v3';
/** Deriv's documented app id "for testing". Register your own for anything real. */
export const TEST_APP_ID = 1089;

/** 1 to 19 digits, no leading zero. */
export const APP_ID_PATTERN = /^(?!0)[0-9]{1,19}$/;
/**
 * Two ASCII letters, optionally `_` and two more (`EN`, `ZH_CN`), in either case; anything
 * else means `EN`. Only letters: the value goes into the handshake's `Content-Language`
 * header, where CR LF would start a header of the client's choosing.
 */
export const LANGUAGE_PATTERN = /^[A-Z]{2}(_[A-Z]{2})?$/i;
export const BRAND_PATTERN = /^\w{1,10}$/;
export const DEFAULT_LANGUAGE = 'EN';
export const DEFAULT_BRAND = 'deriv';

export interface EndpointParts {
  endpoint: string;
  appId: string | number;
  lang?: string;
  brand?: string;
}

/**
 * `wss://{endpoint}/websockets/v3?app_id=…&l=…&brand=…`. An endpoint that already names a
 * scheme (`ws://127.0.0.1:8080`) keeps it, so local servers work without TLS.
 */
export function buildEndpointUrl({
  endpoint,
  appId,
  lang = DEFAULT_LANGUAGE,
  brand = DEFAULT_BRAND,
}: EndpointParts): string {
  const base = /^wss?:\/\//i.test(endpoint) ? endpoint : `wss://${endpoint}`;
  const params = new URLSearchParams({ app_id: String(appId), l: lang, brand });
  return `${base.replace(/\/+$/, '')}${WEBSOCKET_PATH}?${params.toString()}`;
}

/** The language the server will answer in: upper-cased, or `EN` when invalid or missing. */
export function normaliseLanguage(lang: string | null | undefined): string {
  return lang && LANGUAGE_PATTERN.test(lang) ? lang.toUpperCase() : DEFAULT_LANGUAGE;
}

/** A host as it goes in a URL: an IPv6 address in brackets. */
export function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The URL of a local server listening at `host`:`port`, with the test app id. */
export function localServerUrl(host: string, port: number): string {
  return `ws://${hostForUrl(host)}:${port}${WEBSOCKET_PATH}?app_id=${TEST_APP_ID}`;
}
