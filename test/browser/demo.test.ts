import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { acceleratedClock } from '../../src/server/index.js';
import { PAGE_SECURITY_POLICY } from '../../src/server/static-files.js';
import { CHROMIUM_PATH } from '../support/chromium.js';
import {
  FAST_RETRIES,
  LAPTOP,
  OUTPUT_DIR,
  PHONE,
  STATIC_DIR,
  openDemo,
  pageUrl,
  scrollsSideways,
  serveDemo,
  waitForState,
  waitForText,
} from '../support/demo-page.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { startServer } from '../support/servers.js';
import { until } from '../support/until.js';

// The demo page (demo/) in a real Chromium, against real local servers (helpers in
// test/support/demo-page.ts). The suite builds dist/demo before vitest runs; run
// `npm run build` first when running this file alone.

/** The built page as the guide says to use it: "open the index.html file in your browser". */
const PAGE_ON_DISK = pathToFileURL(`${STATIC_DIR}index.html`).href;

async function tickCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('tick-count').textContent());
}

async function waitForTicks(page: Page, atLeast: number, timeout = 5_000): Promise<void> {
  await page.waitForFunction(
    (min) => Number(document.querySelector('[data-testid="tick-count"]')?.textContent) >= min,
    atLeast,
    { timeout },
  );
}

describe.skipIf(CHROMIUM_PATH === undefined)('the demo page', () => {
  it('connects to its own server and shows a pong within 2 s of a click on Ping', async () => {
    const server = await serveDemo();
    const { page, requests, sockets, errors } = await openDemo(pageUrl(server));
    expect(await page.getByTestId('endpoint-input').inputValue()).toBe(`ws://127.0.0.1:${server.port}`);
    expect(await page.getByTestId('app-id-input').inputValue()).toBe('1089');
    await waitForState(page, 'open');

    await page.getByTestId('ping-button').click();
    await waitForText(page, 'ping-rtt', /^\d+ ms$/, 2_000);
    await waitForText(page, 'event-log', /message\s*ping\s*pong/, 2_000);
    await waitForText(page, 'next-ping', /^in \d+ s$/);
    expect(await page.getByTestId('event-log').textContent()).toMatch(/open127\.0\.0\.1:\d+/);

    await page.getByTestId('disconnect-button').click();
    await waitForState(page, 'closed');
    expect(await page.getByTestId('state-badge').textContent()).toBe('closed · 1000 client closed');
    await waitForText(page, 'next-ping', /^not connected$/);

    const origin = `http://127.0.0.1:${server.port}/`;
    expect(requests.filter((url) => !url.startsWith(origin))).toEqual([]);
    expect(sockets).toEqual([`ws://127.0.0.1:${server.port}/websockets/v3?app_id=1089`]);
    expect(errors).toEqual([]);
  });

  it('opened from disk, starts at the public endpoint, and connects to a local server typed into the field', async () => {
    const server = await startServer();
    const { page, requests, sockets, errors } = await openDemo(`${PAGE_ON_DISK}${FAST_RETRIES}`);
    expect(await page.getByTestId('endpoint-input').inputValue()).toBe('wss://ws.derivws.com');
    expect(await page.getByTestId('app-id-input').inputValue()).toBe('1089');
    // The test's Chromium resolves no names, so the public endpoint fails at once and the client retries.
    await waitForState(page, 'reconnecting');
    expect(sockets[0]).toBe('wss://ws.derivws.com/websockets/v3?app_id=1089');

    await page.getByTestId('endpoint-input').fill(`ws://127.0.0.1:${server.port}`);
    await page.getByTestId('connect-button').click();
    await waitForState(page, 'open');
    await page.getByTestId('ping-button').click();
    await waitForText(page, 'ping-rtt', /^\d+ ms$/, 2_000);
    await waitForText(page, 'event-log', /message\s*ping\s*pong/, 2_000);
    expect(sockets.at(-1)).toBe(`ws://127.0.0.1:${server.port}/websockets/v3?app_id=1089`);

    // Everything the page loads comes from disk with it: no module script, so no CORS refusal.
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('charts the ticks of the symbol it picked from active_symbols', async () => {
    const server = await serveDemo({ clock: acceleratedClock(20) });
    const { page, errors } = await openDemo(pageUrl(server));
    await waitForTicks(page, 3);

    const select = page.getByTestId('symbol-select');
    expect(await select.inputValue()).toBe('1HZ100V');
    expect(await select.locator('option').count()).toBe(10);
    expect(await page.getByTestId('tick-chart').locator('canvas').count()).toBe(1);
    expect(await page.getByTestId('last-quote').textContent()).toMatch(/^\d+\.\d{2}$/);

    // Another symbol: the old stream is forgotten and the chart starts again with the new one.
    await select.selectOption('R_50');
    await waitForText(page, 'event-log', /message\s*forget\s*1/);
    await waitForTicks(page, 3);
    expect(await page.getByTestId('last-quote').textContent()).toMatch(/^\d+\.\d{4}$/);
    expect(server.subscriptionCount).toBe(1);
    expect(errors).toEqual([]);
  });

  it('shows the reconnect on the badge and resumes the ticks when a server is back', async () => {
    // One clock for both servers, so the second one's epochs carry on from the first one's
    // (the client drops ticks that are not newer than the last it delivered).
    const clock = acceleratedClock(20);
    const first = await serveDemo({ clock });
    const proxy = await FaultProxy.start(first.port);
    const { page, errors } = await openDemo(pageUrl(first, FAST_RETRIES));
    await waitForState(page, 'open');

    // The page is served by the first server; its v3 connection goes through the proxy.
    await page.getByTestId('endpoint-input').fill(`ws://127.0.0.1:${proxy.port}`);
    await page.getByTestId('connect-button').click();
    await waitForTicks(page, 3);
    expect(proxy.connectionCount).toBe(1);

    await first.close();
    await waitForState(page, 'reconnecting');
    expect(await page.getByTestId('state-badge').textContent()).toMatch(
      /^reconnecting · attempt \d+ in \d+ ms \(after \d+\)$/,
    );

    const second = await serveDemo({ clock });
    proxy.retarget(second.port);
    const before = await tickCount(page);
    // 10 s, not 5: a reconnect's backoff, the handshake and three ticks, on a machine that may be
    // busy with other browsers (this once timed out at 5 s with the load average at 5).
    await waitForState(page, 'open', 10_000);
    await waitForTicks(page, before + 3, 10_000);
    await waitForText(page, 'event-log', /gap\s*1HZ100V: .* without ticks/);
    expect(errors).toEqual([]);
  });

  it('sends typed JSON and shows the error the server answers, or why the text is not JSON', async () => {
    const server = await serveDemo();
    const { page, errors } = await openDemo(pageUrl(server));
    await waitForState(page, 'open');
    const reply = page.getByTestId('json-reply');

    await page.getByTestId('json-input').fill('{"nope":1}');
    await page.getByTestId('json-send').click();
    await waitForText(page, 'json-reply', /^UnrecognisedRequest: Unrecognised request/);
    expect(await reply.getAttribute('data-status')).toBe('error');

    await page.getByTestId('json-input').fill('{nope');
    await page.getByTestId('json-send').click();
    await waitForText(page, 'json-reply', /^Invalid JSON: /);
    expect(await reply.getAttribute('data-status')).toBe('problem');

    await page.getByTestId('json-input').fill('{"time": 1}');
    await page.getByTestId('json-send').click();
    await waitForText(page, 'json-reply', /"msg_type": "time"/);
    expect(errors).toEqual([]);
  });

  it('fits a laptop and a phone screen without sideways scrolling (screenshots in test-output/)', async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const server = await serveDemo({ clock: acceleratedClock(20) });
    for (const [name, context] of [
      ['laptop', LAPTOP],
      ['phone', PHONE],
    ] as const) {
      const { page, errors } = await openDemo(pageUrl(server), context);
      await waitForTicks(page, 20);
      await page.getByTestId('ping-button').click();
      await waitForText(page, 'ping-rtt', /^\d+ ms$/);
      await page.getByTestId('json-send').click();
      await waitForText(page, 'json-reply', /"msg_type": "time"/);
      expect(await scrollsSideways(page)).toBe(false);
      await page.screenshot({ path: `${OUTPUT_DIR}demo-${name}.png`, fullPage: true });
      expect(errors).toEqual([]);
    }
  }, 30_000);

  it('is served with a Content-Security-Policy and refuses to be framed', async () => {
    const server = await serveDemo();
    const { page, errors } = await openDemo('about:blank');
    const response = await page.goto(pageUrl(server));
    expect(response!.headers()['content-security-policy']).toBe(PAGE_SECURITY_POLICY);
    expect(response!.headers()['x-frame-options']).toBe('DENY');
    await waitForState(page, 'open');
    expect(server.connectionCount).toBe(1);
    await page.goto('about:blank');
    await until(() => server.connectionCount === 0);

    // In a frame of another page the browser does not run it at all: it never connects.
    await page.setContent(`<iframe src="${pageUrl(server)}"></iframe>`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(server.connectionCount).toBe(0);
    expect(await page.frames()[1]?.locator('[data-testid="state-badge"]').count()).toBe(0);
    expect(errors.filter((error) => !/frame-ancestors/.test(error.message))).toEqual([]);
  });

  it('has no sideways scrolling at 360 px either', async () => {
    const server = await serveDemo();
    const { page } = await openDemo(pageUrl(server), { ...PHONE, viewport: { width: 360, height: 740 } });
    // The longest text on the page is a symbol's name, there once active_symbols is in.
    await page.locator('[data-testid="symbol-select"]:enabled').waitFor({ timeout: 5_000 });
    expect(await scrollsSideways(page)).toBe(false);
  });
});
