import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { acceleratedClock } from '../../src/server/index.js';
import { CHROMIUM_PATH } from '../support/chromium.js';
import {
  FAST_RETRIES,
  OUTPUT_DIR,
  PHONE,
  openDemo,
  pageUrl,
  scrollsSideways,
  serveDemo,
  waitForState,
  waitForText,
} from '../support/demo-page.js';
import { until } from '../support/until.js';

// The demo page on the new API (demo/options-session.ts, api-dialect.ts, account-picker.ts) in a
// real Chromium, on a real local server: the account's socket through REST and an OTP, and the
// public socket with no token.

const DEMO_ACCOUNT = 'VRTC1000001';
const OTP_IN_URL = /\/trading\/v1\/options\/ws\/demo\?otp=([^&]+)/;
const MASKED_OTP = /OTP received: ws:\/\/127\.0\.0\.1:\d+\/trading\/v1\/options\/ws\/demo\?otp=••••••/g;

async function waitForTicks(page: Page, atLeast: number, timeout = 5_000): Promise<void> {
  await page.waitForFunction(
    (min) => Number(document.querySelector('[data-testid="tick-count"]')?.textContent) >= min,
    atLeast,
    { timeout },
  );
}

/** The OTPs of the account sockets the page opened, in order (the browser saw the real URLs). */
function otpsOf(sockets: readonly string[]): string[] {
  return sockets.flatMap((url) => OTP_IN_URL.exec(url)?.[1] ?? []);
}

/** The page, switched to the new API, its v3 connection already open. */
async function newApiPage(context?: Parameters<typeof openDemo>[1]) {
  const server = await serveDemo({ clock: acceleratedClock(20), market: { seed: 11 } });
  const opened = await openDemo(pageUrl(server, FAST_RETRIES), context);
  const consoleLines: string[] = [];
  opened.page.on('console', (message) => consoleLines.push(message.text()));
  await waitForState(opened.page, 'open');
  await opened.page.getByTestId('api-options').check();
  return { server, consoleLines, ...opened };
}

describe.skipIf(CHROMIUM_PATH === undefined)('the demo page on the new API', () => {
  it('trades on the demo account through an OTP it never shows: ticks, a rise/fall bought, a fresh OTP after a drop', async () => {
    const { server, page, sockets, errors, consoleLines } = await newApiPage();
    expect(await page.getByTestId('rest-url-input').inputValue()).toBe(`http://127.0.0.1:${server.port}`);
    expect(await page.getByTestId('options-app-id-input').inputValue()).toBe('local-app');
    expect(await page.getByTestId('endpoint-input').isHidden()).toBe(true);

    // The account list comes from GET …/accounts with the token typed in.
    await page.getByTestId('token-input').fill(server.demoToken!);
    await page.locator(`[data-testid="account-select"] option[value="${DEMO_ACCOUNT}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('account-select').selectOption(DEMO_ACCOUNT);
    await page.getByTestId('connect-button').click();
    await waitForText(page, 'balance', /^10,000\.00 USD$/);
    await waitForText(page, 'event-log', new RegExp(`OTP requested for ${DEMO_ACCOUNT}`));
    await waitForText(page, 'event-log', new RegExp(MASKED_OTP.source));
    await waitForText(page, 'event-log', new RegExp(`trading as ${DEMO_ACCOUNT}`));
    await waitForTicks(page, 2);

    // A 5-tick rise, bought by the proposal's id (the proposal went out with underlying_symbol).
    await page.getByTestId('contract-type-select').selectOption('CALL');
    await page.getByTestId('duration-unit-select').selectOption('t');
    await page.getByTestId('duration-input').fill('5');
    await page.getByTestId('stake-input').fill('1');
    await waitForText(page, 'ask-price', /^1\.00$/);
    await page.locator('[data-testid="buy-button"]:enabled').waitFor({ timeout: 5_000 });
    await page.getByTestId('buy-button').click();
    const row = page.locator('[data-testid="contract-row"]:is([data-status="won"], [data-status="lost"])');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.locator('.type').textContent()).toBe('CALL · 1HZ100V');
    // Entry and exit spots as the symbol's pip size shows them, though the new API sends no display values.
    expect(await row.locator('.spot').allTextContents()).toEqual([
      expect.stringMatching(/^\d+\.\d{2}$/),
      expect.stringMatching(/^\d+\.\d{2}$/),
    ]);
    // Money came as text; the profit cell shows it as an amount.
    expect(await row.locator('.money').textContent()).toMatch(/^(\+\d+\.\d{2}|-1\.00)$/);
    expect(server.callCount('buy')).toBe(1);

    // A dropped socket reconnects with a fresh OTP: a second OTP step in the log.
    server.dropAll();
    await until(
      async () => ((await page.getByTestId('event-log').textContent()) ?? '').match(MASKED_OTP)?.length === 2,
      5_000,
    );
    await waitForState(page, 'open');
    const otps = otpsOf(sockets);
    expect(otps).toHaveLength(2);
    expect(otps[0]).not.toBe(otps[1]);
    // Neither OTP, nor the token, is anywhere in the page or its console.
    const html = await page.content();
    for (const secret of [...otps, server.demoToken!]) {
      expect(html).not.toContain(secret);
      expect(consoleLines.join('\n')).not.toContain(secret);
    }
    expect(errors).toEqual([]);
  });

  it('streams ticks on the public socket with no token, and trades nothing', async () => {
    const { server, page, sockets, requests, errors } = await newApiPage();
    expect(await page.getByTestId('account-select').inputValue()).toBe('');
    await page.getByTestId('connect-button').click();
    await waitForText(page, 'event-log', /open127\.0\.0\.1:\d+.*info\s*ticks\s*subscribing/);
    await waitForTicks(page, 2);
    expect(sockets.at(-1)).toBe(`ws://127.0.0.1:${server.port}/trading/v1/options/ws/public`);
    // No REST call (no token to make one with), and no account call on the socket.
    expect(requests.filter((url) => url.includes('/trading/v1/options/'))).toEqual([]);
    expect(server.callCount('balance') + server.callCount('proposal')).toBe(0);
    expect(await page.getByTestId('stake-input').isDisabled()).toBe(true);
    expect(await page.getByTestId('event-log').textContent()).not.toContain('OTP');
    expect(errors).toEqual([]);
  });

  it('fits a phone with the new API fields (screenshot in test-output/)', async () => {
    const { server, page, errors } = await newApiPage(PHONE);
    await page.getByTestId('token-input').fill(server.demoToken!);
    await page.locator(`[data-testid="account-select"] option[value="${DEMO_ACCOUNT}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('connect-button').click();
    await waitForText(page, 'balance', /^10,000\.00 USD$/);
    // The default order is priced once the symbol's offer is in, and asked for once at a time.
    await waitForText(page, 'ask-price', /^10\.00$/);
    await until(async () => server.callCount('contracts_for') === 1, 5_000);
    expect(await page.getByTestId('event-log').textContent()).not.toContain('AlreadySubscribed');
    expect(await scrollsSideways(page)).toBe(false);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: `${OUTPUT_DIR}new-api-phone.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('stops, and says why under the form, when the token is refused at the OTP request of a reconnect', async () => {
    const { server, page, errors } = await newApiPage();
    await page.getByTestId('token-input').fill(server.demoToken!);
    await page.locator(`[data-testid="account-select"] option[value="${DEMO_ACCOUNT}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('connect-button').click();
    await waitForText(page, 'balance', /^10,000\.00 USD$/);
    server.revokeToken(server.demoToken!);
    server.dropAll();
    await waitForState(page, 'closed');
    await waitForText(page, 'connection-problem', /401|Unauthori[sz]ed/i);
    // One OTP step for the first connect, one asked for (and refused) at the reconnect.
    const log = (await page.getByTestId('event-log').textContent()) ?? '';
    expect(log.match(/OTP requested for/g)).toHaveLength(2);
    expect(log.match(/OTP received/g)).toHaveLength(1);
    expect(errors.filter((error) => !/status of 401/.test(error.message))).toEqual([]);
  });

  it('says why a refused token lists no account', async () => {
    const { page, errors } = await newApiPage();
    await page.getByTestId('token-input').fill('notAToken12345');
    await waitForText(page, 'accounts-status', /401|Unauthori[sz]ed/i);
    expect(await page.getByTestId('account-select').locator('option').count()).toBe(1);
    expect(await page.locator('body').textContent()).not.toContain('notAToken12345');
    // Chromium logs the refused REST call itself (with no token in it); nothing else went wrong.
    expect(errors.filter((error) => !/status of 401/.test(error.message))).toEqual([]);
  });
});
