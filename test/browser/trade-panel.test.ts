import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { acceleratedClock, type LocalServer } from '../../src/server/index.js';
import { CHROMIUM_PATH } from '../support/chromium.js';
import {
  OUTPUT_DIR,
  PHONE,
  openDemo,
  pageUrl,
  scrollsSideways,
  serveDemo,
  waitForState,
  waitForText,
} from '../support/demo-page.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { RawSocket } from '../support/raw-socket.js';
import { shownBalance, statement, tradingPage, waitForPrice } from '../support/trading-page.js';
import { until } from '../support/until.js';

// The demo page's trade panel (demo/trade-panel.ts, open-contracts.ts, balance-view.ts) in a
// real Chromium, trading on a real local server's sandbox with a seeded market.

const SEED = 11;
const DEMO_LOGINID = 'VRTC1000001';
const SETTLED = '[data-testid="contract-row"]:is([data-status="won"], [data-status="lost"])';

/** A trading server: the page, a seeded market, a clock `speed` times the wall clock. */
function tradingServer(speed: number): Promise<LocalServer> {
  return serveDemo({ clock: acceleratedClock(speed), market: { seed: SEED } });
}

interface Order {
  contractType?: string;
  duration: string;
  unit?: 't' | 's' | 'm';
  stake: string;
}

/** Fills the order form; the panel reprices once the typing pauses. */
async function order(page: Page, { contractType = 'CALL', duration, unit = 't', stake }: Order): Promise<void> {
  await page.getByTestId('contract-type-select').selectOption(contractType);
  await page.getByTestId('duration-unit-select').selectOption(unit);
  await page.getByTestId('duration-input').fill(duration);
  await page.getByTestId('stake-input').fill(stake);
}

describe.skipIf(CHROMIUM_PATH === undefined)('the demo page trade panel', () => {
  it('needs a token: without one it asks for none of the trading calls; a bad one is refused under the form', async () => {
    const server = await tradingServer(20);
    const { page, errors } = await openDemo(pageUrl(server));
    await waitForState(page, 'open');
    await page.locator('[data-testid="symbol-select"]:enabled').waitFor();
    expect(await page.getByTestId('trade-hint').isVisible()).toBe(true);
    expect(await page.getByTestId('stake-input').isDisabled()).toBe(true);
    expect(await page.getByTestId('balance').textContent()).toBe('—');
    expect(server.callCount('proposal') + server.callCount('balance') + server.callCount('contracts_for')).toBe(0);

    await page.getByTestId('token-input').fill('notAToken12345');
    await page.getByTestId('connect-button').click();
    await waitForText(page, 'connection-problem', /^InvalidToken: The token is invalid\.$/);
    expect(await page.getByTestId('stake-input').isDisabled()).toBe(true);
    // The token is nowhere on the page but in its field, the event log included.
    expect(await page.locator('body').textContent()).not.toContain('notAToken12345');
    expect(errors).toEqual([]);
  });

  it('buys a 1-tick contract and shows it settle: won or lost, the exit tick on the chart, the balance and the statement moved', async () => {
    const server = await tradingServer(20);
    const { page, errors } = await tradingPage(server);
    expect(await page.getByTestId('trade-symbol').textContent()).toBe('1HZ100V');
    await order(page, { duration: '1', stake: '1' });
    await waitForPrice(page, '1.00');
    expect(await page.getByTestId('proposal-longcode').textContent()).toBe(
      'Win payout if Volatility 100 (1s) Index after 1 tick is strictly higher than entry spot.',
    );
    expect(Number(await page.getByTestId('payout').textContent())).toBeGreaterThan(1);

    await page.getByTestId('buy-button').click();
    const row = page.locator(SETTLED);
    await row.waitFor({ timeout: 5_000 });
    const status = (await row.getAttribute('data-status'))!;
    const contractId = Number(await row.getAttribute('data-contract-id'));
    expect(await page.getByTestId('contract-row').count()).toBe(1);
    expect(await page.getByTestId('trade-status').textContent()).toBe(`Bought contract ${contractId} for 1.00.`);
    expect(await row.locator('.type').textContent()).toBe('CALL · 1HZ100V');
    expect(await row.locator('.spot').allTextContents()).toEqual([
      expect.stringMatching(/^\d+\.\d{2}$/),
      expect.stringMatching(/^\d+\.\d{2}$/),
    ]);
    expect(await row.getByTestId('sell-button').isHidden()).toBe(true);

    // The server's ledger: the buy and its settlement, newest first.
    const [sell, buy] = await statement(server);
    expect(buy).toMatchObject({ action_type: 'buy', amount: -1, contract_id: contractId, balance_after: 9_999 });
    expect(sell).toMatchObject({ action_type: 'sell', contract_id: contractId });
    expect(sell!.amount > 0).toBe(status === 'won');
    const profit = Math.round((sell!.amount - 1) * 100) / 100;
    expect(await row.locator('.money').textContent()).toBe(status === 'won' ? `+${profit.toFixed(2)}` : '-1.00');
    // The balance stream moved with it, to where the ledger says.
    await until(async () => (await shownBalance(page)) === sell!.balance_after, 5_000);

    // The exit tick is marked on the chart with the outcome, beside the entry tick.
    await page.locator(`[data-testid="chart-marker"][data-kind="${status}"]`).waitFor({ timeout: 5_000 });
    await page.locator('[data-testid="chart-marker"][data-kind="entry"]').waitFor({ timeout: 5_000 });
    expect(server.callCount('buy')).toBe(1);
    // A fresh price for the next buy: the bought proposal is used up.
    await waitForPrice(page, '1.00');
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: `${OUTPUT_DIR}trade-laptop.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('keeps following a 5-tick contract through a cut connection and shows it settle, bought once', async () => {
    // 3×: the contract runs about 2 s of real time, so it settles while the page is cut off.
    const server = await tradingServer(3);
    const proxy = await FaultProxy.start(server.port);
    const { page, errors } = await tradingPage(server, { endpoint: `ws://127.0.0.1:${proxy.port}` });
    await order(page, { contractType: 'DIGITODD', duration: '5', stake: '2' });
    await waitForPrice(page, '2.00');
    await page.getByTestId('buy-button').click();
    const row = page.getByTestId('contract-row');
    await page.locator('[data-testid="contract-row"][data-status="open"]').waitFor({ timeout: 5_000 });
    const contractId = Number(await row.getAttribute('data-contract-id'));

    proxy.refuse(4_000);
    proxy.cut();
    await waitForState(page, 'reconnecting');
    // The server settles the contract by itself meanwhile (the test follows it on a connection of its own).
    const raw = await RawSocket.open(server.url);
    await raw.answered({ authorize: server.demoToken });
    await raw.answered({ proposal_open_contract: 1, contract_id: contractId, subscribe: 1 });
    await until(() => raw.messages.some((message) => message.proposal_open_contract?.is_sold === 1), 5_000);
    expect(await page.getByTestId('state-badge').getAttribute('data-state')).not.toBe('open');

    // Back: the page re-authorizes and follows the same contract by id, and shows its end.
    await waitForState(page, 'open', 8_000);
    await page.locator(SETTLED).waitFor({ timeout: 5_000 });
    expect(await row.count()).toBe(1);
    expect(Number(await row.getAttribute('data-contract-id'))).toBe(contractId);
    expect(server.callCount('buy')).toBe(1);
    // Once by the test, at least once by the page's client.
    expect(server.callCount('proposal_open_contract')).toBeGreaterThanOrEqual(2);
    await waitForText(page, 'event-log', new RegExp(`gap\\s*contract ${contractId}: .* followed again by id`));
    const [sell] = await statement(server);
    await until(async () => (await shownBalance(page)) === sell!.balance_after, 5_000);
    expect(errors).toEqual([]);
  }, 30_000);

  it("shows the server's refusal: a stake below the minimum, then a buy beyond the balance", async () => {
    const server = await tradingServer(20);
    const { page, errors } = await tradingPage(server);
    await order(page, { duration: '5', stake: '0.20' });
    await waitForText(
      page,
      'trade-status',
      /^ContractBuyValidationError: Minimum stake of 0\.35 and maximum payout of 50000\.00\. Current stake is 0\.20\.$/,
    );
    expect(await page.getByTestId('buy-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('ask-price').textContent()).toBe('—');

    await server.accounts.setBalance(DEMO_LOGINID, 0.5);
    await waitForText(page, 'balance', /^0\.50 USD$/);
    await order(page, { duration: '5', stake: '1' });
    await waitForPrice(page, '1.00');
    await page.getByTestId('buy-button').click();
    await waitForText(
      page,
      'trade-status',
      /^InsufficientBalance: Your account balance \(0\.50 USD\) is insufficient to buy this contract \(1\.00 USD\)\.$/,
    );
    expect(server.callCount('buy')).toBe(1);
    expect(await page.getByTestId('contract-row').count()).toBe(0);
    // Priced again for another try, the refusal still on show.
    await waitForPrice(page, '1.00');
    expect(await page.getByTestId('trade-status').textContent()).toMatch(/^InsufficientBalance: /);
    expect(errors).toEqual([]);
  });

  it('sells a 1-minute contract early with its Sell button', async () => {
    const server = await tradingServer(5);
    const { page, errors } = await tradingPage(server);
    await order(page, { contractType: 'PUT', duration: '1', unit: 'm', stake: '5' });
    await waitForPrice(page, '5.00');
    await page.getByTestId('buy-button').click();
    // Sellable once past the purchase second and the entry tick.
    const sellButton = page.getByTestId('sell-button');
    await sellButton.waitFor({ state: 'visible', timeout: 5_000 });
    await sellButton.click();
    const row = page.locator('[data-testid="contract-row"][data-status="sold"]');
    await row.waitFor({ timeout: 5_000 });
    expect(await sellButton.isHidden()).toBe(true);
    const [sell] = await statement(server);
    expect(sell).toMatchObject({ action_type: 'sell' });
    await until(async () => (await shownBalance(page)) === sell!.balance_after, 5_000);
    await page.locator('[data-testid="chart-marker"][data-kind="sold"]').waitFor({ timeout: 5_000 });
    expect(server.callCount('sell')).toBe(1);
    expect(errors).toEqual([]);
  });

  it('fits a phone with a trade on it (screenshot in test-output/)', async () => {
    const server = await tradingServer(20);
    const { page, errors } = await tradingPage(server, { context: PHONE });
    await order(page, { duration: '1', stake: '1' });
    await waitForPrice(page, '1.00');
    await page.getByTestId('buy-button').click();
    await page.locator(SETTLED).waitFor({ timeout: 5_000 });
    expect(await scrollsSideways(page)).toBe(false);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: `${OUTPUT_DIR}trade-phone.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
