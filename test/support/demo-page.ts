import { fileURLToPath } from 'node:url';
import type { BrowserContextOptions, Page } from 'playwright-core';
import type { LocalServer, ServerOptions } from '../../src/server/index.js';
import { launchChromium } from './chromium.js';
import { startServer } from './servers.js';

// The demo page (demo/) in a real Chromium: what its browser tests share. The suite builds
// dist/demo before vitest runs; run `npm run build` first when running such a file alone.

export const STATIC_DIR = fileURLToPath(new URL('../../dist/demo/', import.meta.url));
/** Screenshots go here (gitignored). */
export const OUTPUT_DIR = fileURLToPath(new URL('../../test-output/', import.meta.url));

export const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
/** Short reconnect delays, through the page's own query parameters (see demo/endpoint.ts). */
export const FAST_RETRIES = '?minRetryDelayMs=100&maxRetryDelayMs=500';

/** A server that also serves the built page, closed when the test ends. */
export function serveDemo(options: ServerOptions = {}): Promise<LocalServer> {
  return startServer({ staticDir: STATIC_DIR, ...options });
}

/**
 * Opens the page in a fresh headless Chromium, closed when the test ends. Every request and
 * WebSocket the page opens and every uncaught error or console error (a blocked script is
 * one) are recorded, so a test can check that the page stays on its own server and never throws.
 */
export async function openDemo(url: string, context: BrowserContextOptions = LAPTOP) {
  const browser = await launchChromium();
  const page = await (await browser.newContext(context)).newPage();
  const requests: string[] = [];
  const sockets: string[] = [];
  const errors: Error[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('websocket', (socket) => sockets.push(socket.url()));
  page.on('pageerror', (error) => errors.push(error));
  page.on('console', (message) => {
    const text = message.text();
    // What the page's Content-Security-Policy blocks is logged, not thrown: count it as an error.
    if (/Content Security Policy/i.test(text)) errors.push(new Error(text));
    else if (message.type() === 'error' && !isFailedConnection(text)) errors.push(new Error(text));
  });
  await page.goto(url);
  return { page, requests, sockets, errors };
}

/** Chromium's console line for a WebSocket that could not connect: the page expects those and shows them in its log. */
function isFailedConnection(text: string): boolean {
  return /^WebSocket connection to '.*' failed/.test(text);
}

export function pageUrl(server: LocalServer, query = ''): string {
  return `http://127.0.0.1:${server.port}/${query}`;
}

export async function waitForState(page: Page, state: string, timeout = 5_000): Promise<void> {
  await page.locator(`[data-testid="state-badge"][data-state="${state}"]`).waitFor({ timeout });
}

export async function waitForText(page: Page, testId: string, pattern: RegExp, timeout = 5_000): Promise<void> {
  await page.waitForFunction(
    ({ id, source }) => new RegExp(source).test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''),
    { id: testId, source: pattern.source },
    { timeout },
  );
}

/**
 * True when the page is wider than the screen, so the reader would scroll sideways. Compared
 * with the viewport we asked for, not `innerWidth`: a mobile browser zooms out to fit a page
 * that is too wide, and `innerWidth` grows with it.
 */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return (await page.evaluate(() => document.documentElement.scrollWidth)) > page.viewportSize()!.width;
}
