import type { BrowserContextOptions, Page } from 'playwright-core';
import type { LocalServer } from '../../src/server/index.js';
import { FAST_RETRIES, LAPTOP, openDemo, pageUrl, waitForState, waitForText } from './demo-page.js';
import { RawSocket } from './raw-socket.js';

// The demo page trading on a real local server: what the trade panel's browser tests share.

export interface TradingPageOptions {
  /** Connect here instead (a proxy in front of the server). */
  endpoint?: string;
  context?: BrowserContextOptions;
}

/**
 * The page, connected with the server's demo token typed into the token field (as a user
 * pastes the one `npm start` prints), to `endpoint` if given, and its balance shown.
 */
export async function tradingPage(server: LocalServer, { endpoint, context = LAPTOP }: TradingPageOptions = {}) {
  const opened = await openDemo(pageUrl(server, FAST_RETRIES), context);
  const { page } = opened;
  await waitForState(page, 'open');
  if (endpoint) await page.getByTestId('endpoint-input').fill(endpoint);
  await page.getByTestId('token-input').fill(server.demoToken!);
  await page.getByTestId('connect-button').click();
  await waitForText(page, 'balance', /^10,000\.00 USD$/);
  return opened;
}

/** Waits for the panel to show this ask, and the Buy button to be ready. */
export async function waitForPrice(page: Page, ask: string): Promise<void> {
  await waitForText(page, 'ask-price', new RegExp(`^${ask.replace('.', '\\.')}$`));
  await page.locator('[data-testid="buy-button"]:enabled').waitFor({ timeout: 5_000 });
}

/** The page's balance as a number (`9,999.00 USD` → 9999). */
export async function shownBalance(page: Page): Promise<number> {
  const text = (await page.getByTestId('balance').textContent()) ?? '';
  return Number(text.replace(/,/g, '').replace(/ USD$/, ''));
}

/** The server's own ledger for the demo account, newest first, on a connection of the test's. */
export async function statement(server: LocalServer): Promise<Array<Record<string, any>>> {
  const raw = await RawSocket.open(server.url);
  await raw.answered({ authorize: server.demoToken });
  return (await raw.answered({ statement: 1 })).statement.transactions;
}
