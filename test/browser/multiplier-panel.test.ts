import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { acceleratedClock, type LocalServer } from '../../src/server/index.js';
import { CHROMIUM_PATH } from '../support/chromium.js';
import { OUTPUT_DIR, PHONE, scrollsSideways, serveDemo, waitForText } from '../support/demo-page.js';
import { RawSocket } from '../support/raw-socket.js';
import { shownBalance, statement, tradingPage, waitForPrice } from '../support/trading-page.js';
import { until } from '../support/until.js';

// Multipliers on the demo page's trade panel (demo/trade-panel.ts, open-contracts.ts,
// orders-editor.ts, tick-chart.ts) in a real Chromium, on a real local server's sandbox.

const SEED = 11;
const ROW = '[data-testid="contract-row"]';

/**
 * At twice real time the test's own seconds stay far from a take profit or stop loss of 5 on
 * ×100 at a stake of 10: about 0.5 % of 1HZ100V, some 26 standard deviations of a tick.
 */
function tradingServer(speed = 2): Promise<LocalServer> {
  return serveDemo({ clock: acceleratedClock(speed), market: { seed: SEED } });
}

interface MultiplierOrder {
  contractType?: 'MULTUP' | 'MULTDOWN';
  multiplier: string;
  stake: string;
  takeProfit?: string;
  stopLoss?: string;
  cancellation?: string;
}

/** Fills the order form for a multiplier; the multiplier select waits for the symbol's contracts_for. */
async function order(page: Page, fields: MultiplierOrder): Promise<void> {
  await page.getByTestId('contract-type-select').selectOption(fields.contractType ?? 'MULTUP');
  await page.locator(`[data-testid="multiplier-select"] option[value="${fields.multiplier}"]`).waitFor({
    state: 'attached',
  });
  await page.getByTestId('multiplier-select').selectOption(fields.multiplier);
  await page.getByTestId('cancellation-select').selectOption(fields.cancellation ?? '');
  await page.getByTestId('take-profit-input').fill(fields.takeProfit ?? '');
  await page.getByTestId('stop-loss-input').fill(fields.stopLoss ?? '');
  await page.getByTestId('stake-input').fill(fields.stake);
}

/** The contract as the server shows it now, on a connection of the test's. */
async function serverView(server: LocalServer, contractId: number): Promise<Record<string, any>> {
  const raw = await RawSocket.open(server.url);
  await raw.answered({ authorize: server.demoToken });
  return (await raw.answered({ proposal_open_contract: 1, contract_id: contractId })).proposal_open_contract;
}

/** The levels drawn on the chart: kind → the spot it shows. */
async function drawnLevels(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll<HTMLElement>('[data-testid="chart-level"]:not([hidden])'))
        .map((element) => [element.dataset.kind!, element.dataset.value!])
        .sort(([a], [b]) => a!.localeCompare(b!)),
    ),
  );
}

/** The levels the server gives the contract: kind → its spot level, as `drawnLevels` has them. */
function levelsOf(view: Record<string, any>): Record<string, string> {
  const levels: Record<string, string> = {};
  for (const [key, kind] of [
    ['take_profit', 'take-profit'],
    ['stop_loss', 'stop-loss'],
    ['stop_out', 'stop-out'],
  ] as const)
    if (view.limit_order?.[key]?.value) levels[kind] = view.limit_order[key].value;
  return levels;
}

/** Waits for the chart's levels to be the server's for the contract, which its stream brings on the next tick. */
async function waitForLevels(page: Page, server: LocalServer, contractId: number): Promise<Record<string, string>> {
  const expected = levelsOf(await serverView(server, contractId));
  const sorted = JSON.stringify(Object.fromEntries(Object.entries(expected).sort(([a], [b]) => a.localeCompare(b))));
  await until(async () => JSON.stringify(await drawnLevels(page)) === sorted, 5_000);
  return expected;
}

/**
 * Where a level's line is: across the chart at its spot, or at the edge it lies past. Its
 * `top` is against the plot's height: 0 at the top, the height at the bottom.
 */
async function placement(level: Locator) {
  return level.evaluate((element: HTMLElement) => ({
    pinned: element.dataset.pinned,
    top: Number.parseFloat(element.style.top),
    height: element.parentElement!.clientHeight,
    width: element.getBoundingClientRect().width,
    plotWidth: element.parentElement!.getBoundingClientRect().width,
  }));
}

describe.skipIf(CHROMIUM_PATH === undefined)('the demo page trades multipliers', () => {
  it('buys one with a take profit: its lines on the chart at the levels the server gives; TP/SL moves them; Sell ends it', async () => {
    const server = await tradingServer();
    const { page, errors } = await tradingPage(server);
    await page.getByTestId('contract-type-select').selectOption('MULTUP');
    // The symbol's own multipliers, from contracts_for; a binary's fields are gone, a multiplier's shown.
    await waitForText(page, 'multiplier-select', /×100/);
    expect(await page.getByTestId('multiplier-select').locator('option').allTextContents()).toEqual([
      '×10',
      '×20',
      '×30',
      '×50',
      '×100',
    ]);
    expect(await page.getByTestId('cancellation-select').locator('option').allTextContents()).toEqual([
      'none',
      '5m',
      '10m',
      '15m',
      '30m',
      '60m',
    ]);
    expect(await page.getByTestId('duration-input').isVisible()).toBe(false);
    expect(await page.getByTestId('payout').isVisible()).toBe(false);

    await order(page, { multiplier: '100', stake: '10', takeProfit: '5' });
    await waitForPrice(page, '10.00');
    // 10 × 100 × 3.5614e-4 (docs/trading.md, "Multipliers").
    expect(await page.getByTestId('commission').textContent()).toBe('0.36');
    expect(await page.getByTestId('stop-out').textContent()).toMatch(/^\d+\.\d\d$/);
    expect(await page.getByTestId('proposal-longcode').textContent()).toBe(
      'If you select "Up", your total profit/loss will be the percentage increase in Volatility 100 (1s) Index, multiplied by 1000, minus commissions.',
    );
    await page.getByTestId('buy-button').click();
    await page.locator(`${ROW}[data-status="open"]`).waitFor({ timeout: 5_000 });
    const contractId = Number(await page.locator(ROW).getAttribute('data-contract-id'));
    const row = page.locator(`${ROW}[data-contract-id="${contractId}"]`);
    // Filled in by its first update.
    await until(async () => (await row.locator('.type').textContent()) === 'MULTUP ×100 · 1HZ100V', 5_000);

    // Its take profit and stop out, where the server says; the take profit above the entry, the stop out below.
    const bought = await waitForLevels(page, server, contractId);
    expect(Object.keys(bought).sort()).toEqual(['stop-out', 'take-profit']);
    const view = await serverView(server, contractId);
    expect(Number(bought['take-profit'])).toBeGreaterThan(view.entry_spot);
    expect(Number(bought['stop-out'])).toBeLessThan(view.entry_spot);
    for (const kind of ['take-profit', 'stop-out']) {
      const line = await placement(page.locator(`[data-testid="chart-level"][data-kind="${kind}"]`));
      expect(line.width).toBe(line.plotWidth);
      // Beyond the ticks' scale it is at the edge it lies past, on the right side of the entry.
      if (line.pinned) expect(line.pinned).toBe(kind === 'take-profit' ? 'above' : 'below');
      const expectedTop = line.pinned === 'above' ? 0 : line.pinned === 'below' ? line.height : undefined;
      if (expectedTop === undefined) expect(line.top).toBeGreaterThan(0);
      else expect(line.top).toBe(expectedTop);
      if (expectedTop === undefined) expect(line.top).toBeLessThan(line.height);
    }

    // TP/SL: the editor opens with the orders in force; Save sends what changed.
    const ordersButton = row.getByTestId('orders-button');
    await ordersButton.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await row.getByTestId('cancel-button').isHidden()).toBe(true);
    await ordersButton.click();
    const editor = page.getByTestId('orders-editor');
    expect(await editor.getByTestId('edit-take-profit').inputValue()).toBe('5');
    expect(await editor.getByTestId('edit-stop-loss').inputValue()).toBe('');
    await editor.getByTestId('edit-take-profit').fill('6');
    await editor.getByTestId('edit-stop-loss').fill('5');
    await editor.getByTestId('save-orders').click();
    await editor.waitFor({ state: 'hidden', timeout: 5_000 });
    const updated = await waitForLevels(page, server, contractId);
    expect(Object.keys(updated).sort()).toEqual(['stop-loss', 'stop-out', 'take-profit']);
    expect(Number(updated['take-profit'])).toBeGreaterThan(Number(bought['take-profit']));
    expect(Number(updated['stop-loss'])).toBeGreaterThan(Number(updated['stop-out']));

    // An emptied field removes its order; the other, unchanged, is not sent.
    await ordersButton.click();
    expect(await editor.getByTestId('edit-stop-loss').inputValue()).toBe('5');
    await editor.getByTestId('edit-take-profit').fill('');
    await editor.getByTestId('save-orders').click();
    await editor.waitFor({ state: 'hidden', timeout: 5_000 });
    expect(Object.keys(await waitForLevels(page, server, contractId)).sort()).toEqual(['stop-loss', 'stop-out']);
    expect(server.callCount('contract_update')).toBe(2);
    const raw = await RawSocket.open(server.url);
    await raw.answered({ authorize: server.demoToken });
    const history = (await raw.answered({ contract_update_history: 1, contract_id: contractId }))
      .contract_update_history;
    // Newest first: the removal, then the first update's two changes, then the order given at purchase.
    const types = history.map((entry: Record<string, unknown>) => entry.order_type);
    expect(types[0]).toBe('take_profit');
    expect(types.slice(1, 3).sort()).toEqual(['stop_loss', 'take_profit']);
    expect(types.slice(3)).toEqual(['take_profit']);

    // A refused change shows the server's text, and the editor stays open to fix it.
    await ordersButton.click();
    await editor.getByTestId('edit-stop-loss').fill('20');
    await editor.getByTestId('save-orders').click();
    await waitForText(
      page,
      'contracts-problem',
      new RegExp(
        `^Update ${contractId}: InvalidContractUpdate: Invalid stop loss\\. Stop loss cannot be more than stake\\.$`,
      ),
    );
    expect(await editor.isVisible()).toBe(true);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: `${OUTPUT_DIR}multiplier-laptop.png`, fullPage: true });

    // Sold: its lines go, its exit is marked, and the editor closes.
    await row.getByTestId('sell-button').click();
    await page.locator(`${ROW}[data-status="sold"]`).waitFor({ timeout: 5_000 });
    await until(async () => Object.keys(await drawnLevels(page)).length === 0, 5_000);
    await page.locator('[data-testid="chart-marker"][data-kind="sold"]').waitFor({ timeout: 5_000 });
    expect(await editor.isHidden()).toBe(true);
    const [sale] = await statement(server);
    expect(sale).toMatchObject({ action_type: 'sell', contract_id: contractId });
    await until(async () => (await shownBalance(page)) === sale!.balance_after, 5_000);
    expect(errors).toEqual([]);
  }, 30_000);

  it('with deal cancellation: Cancel gives the stake back while TP/SL waits; a stop loss with it is refused (on a phone)', async () => {
    const server = await tradingServer();
    const { page, errors } = await tradingPage(server, { context: PHONE });
    await order(page, { multiplier: '100', stake: '10', stopLoss: '5', cancellation: '5m' });
    await waitForText(
      page,
      'trade-status',
      /^ContractBuyValidationError: You may use either stop loss or deal cancellation, but not both\.$/,
    );
    expect(await page.getByTestId('buy-button').isDisabled()).toBe(true);

    await page.getByTestId('stop-loss-input').fill('');
    await page.locator('[data-testid="buy-button"]:enabled').waitFor({ timeout: 5_000 });
    const ask = Number(await page.getByTestId('ask-price').textContent());
    // The fee is paid on top of the stake.
    expect(ask).toBeGreaterThan(10);
    await page.getByTestId('buy-button').click();
    await page.locator(`${ROW}[data-status="open"]`).waitFor({ timeout: 5_000 });
    const contractId = Number(await page.locator(ROW).getAttribute('data-contract-id'));
    const row = page.locator(`${ROW}[data-contract-id="${contractId}"]`);
    const cancel = row.getByTestId('cancel-button');
    await cancel.waitFor({ state: 'visible', timeout: 5_000 });
    // While cancellation lasts the orders cannot change, so there is nothing to edit.
    expect(await row.getByTestId('orders-button').isHidden()).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    await cancel.click();

    await page.locator(`${ROW}[data-status="cancelled"]`).waitFor({ timeout: 5_000 });
    expect(await cancel.isHidden()).toBe(true);
    const [sale, buy] = await statement(server);
    expect(buy).toMatchObject({ action_type: 'buy', contract_id: contractId, amount: -ask });
    expect(sale).toMatchObject({ action_type: 'sell', contract_id: contractId, amount: 10 });
    expect(await row.locator('.money').textContent()).toBe(`-${(ask - 10).toFixed(2)}`);
    await until(async () => (await shownBalance(page)) === sale!.balance_after, 5_000);
    expect(sale!.balance_after).toBe(Math.round((10_000 - ask + 10) * 100) / 100);
    expect(server.callCount('cancel')).toBe(1);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: `${OUTPUT_DIR}multiplier-phone.png`, fullPage: true });
    expect(errors).toEqual([]);
  }, 30_000);
});
