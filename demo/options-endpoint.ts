import { DEFAULT_REST_URL, optionsSocketUrl } from '../src/client/options-index.js';

/** What the page offers as the app id on its own server, which takes any well-formed one. */
export const LOCAL_APP_ID = 'local-app';

/** Where an OTP sits in a socket URL (`…/ws/demo?otp=…`). */
const OTP_PARAMETER = /([?&]otp=)[^&#]*/gi;

/**
 * The new API's REST base: served over HTTP (`deriv-ws serve`), the page's own origin, whose
 * server answers the new API's REST calls and sockets beside the page; from disk, Deriv's.
 */
export function defaultRestUrl(page: Location): string {
  return page.protocol === 'http:' || page.protocol === 'https:' ? page.origin : DEFAULT_REST_URL;
}

/** The app id to start with: the local server's stand-in, or nothing (your own, from developers.deriv.com). */
export function defaultOptionsAppId(page: Location): string {
  return page.protocol === 'http:' || page.protocol === 'https:' ? LOCAL_APP_ID : '';
}

/** The public socket (market data, no token) on the REST base's host: `http` → `ws`, `https` → `wss`. */
export function publicSocketUrl(restUrl: string): string | undefined {
  const match = /^(https?):\/\/([^\s/?#@]+)\/?$/i.exec(restUrl.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return optionsSocketUrl(`${match[1].toLowerCase() === 'https' ? 'wss' : 'ws'}://${match[2]}`, 'public');
}

/** The host a REST base names, for the log. */
export function hostOf(restUrl: string): string {
  return /^https?:\/\/([^\s/?#@]+)/i.exec(restUrl.trim())?.[1] ?? restUrl;
}

/** A one-time socket URL fit to show: its OTP replaced by dots. The real one goes only to the WebSocket. */
export function maskOtp(url: string): string {
  return url.replace(OTP_PARAMETER, '$1••••••');
}
