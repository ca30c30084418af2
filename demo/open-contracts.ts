import type { LimitOrderUpdate } from '../src/client/index.js';
import { describeError } from './describe-error.js';
import { percent, signedMoney } from './money.js';
import { OrdersEditor } from './orders-editor.js';
import type { BuyReceipt, OpenContract } from './trading-calls.js';

/** Enough to compare a session's trades; the oldest settled rows go first, so the table never grows. */
const MAX_ROWS = 50;

export interface OpenContractsElements {
  body: HTMLTableSectionElement;
  empty: HTMLElement;
  problem: HTMLElement;
}

/** What the rows' buttons do; each resolves once the server has done it, or rejects with its refusal. */
export interface OpenContractsActions {
  /** Sells the contract at the market. */
  sell(contractId: number): Promise<unknown>;
  /** Changes a multiplier's take profit and stop loss. */
  update(contractId: number, orders: LimitOrderUpdate): Promise<unknown>;
  /** Uses a multiplier's deal cancellation. */
  cancel(contractId: number): Promise<unknown>;
}

/** A row's status: the contract's own (`open`, `won`, `lost`, `sold`, `cancelled`), or the page's when nothing follows it any more. */
type RowStatus = string;

type Control = 'sell' | 'cancel' | 'orders';

interface Row {
  readonly element: HTMLTableRowElement;
  readonly cells: Record<'type' | 'entry' | 'exit' | 'profit' | 'status', HTMLTableCellElement>;
  readonly buttons: Record<Control, HTMLButtonElement>;
  readonly editor: OrdersEditor;
  settled: boolean;
  busy: boolean;
}

/**
 * The contracts bought on this page, one row each, updated from their `proposal_open_contract`
 * stream: type, entry and exit spot, the live profit or loss, the status, and the buttons the
 * server allows now: Sell (`is_valid_to_sell`), and for a multiplier Cancel
 * (`is_valid_to_cancel`) and TP/SL (`is_valid_to_update`), which opens its orders' editor.
 */
export class OpenContracts {
  readonly #elements: OpenContractsElements;
  readonly #actions: OpenContractsActions;
  readonly #rows = new Map<number, Row>();

  constructor(elements: OpenContractsElements, actions: OpenContractsActions) {
    this.#elements = elements;
    this.#actions = actions;
  }

  /** A contract just bought: its row, at the top, until its first update fills it in. */
  add(receipt: BuyReceipt): void {
    const row = this.#row(receipt.contract_id);
    row.cells.profit.textContent = signedMoney(0);
    this.#setStatus(row, 'open');
  }

  update(contract: OpenContract): void {
    if (contract.contract_id === undefined) return;
    const row = this.#row(contract.contract_id);
    // A multiplier's ×N, an accumulator's growth rate and its ticks so far out of its most.
    const multiplier = contract.multiplier === undefined ? '' : ` ×${contract.multiplier}`;
    const growth =
      contract.growth_rate === undefined
        ? ''
        : ` ${percent(contract.growth_rate)} · ${contract.tick_passed ?? 0}/${contract.tick_count ?? '?'} ticks`;
    row.cells.type.textContent = `${contract.contract_type ?? '?'}${multiplier}${growth} · ${contract.underlying ?? '?'}`;
    row.cells.entry.textContent = contract.entry_spot_display_value ?? '—';
    // A contract sold before its end has no exit tick; its sale's spot is where it ended.
    row.cells.exit.textContent = contract.exit_tick_display_value ?? contract.sell_spot_display_value ?? '—';
    const profit = contract.profit ?? 0;
    row.cells.profit.textContent = signedMoney(profit);
    row.cells.profit.dataset.sign = profit > 0 ? 'gain' : profit < 0 ? 'loss' : 'even';
    row.settled = contract.is_sold === 1;
    this.#setStatus(row, contract.status ?? 'open');
    const open = !row.settled;
    const updatable = contract.is_valid_to_update?.take_profit === 1 || contract.is_valid_to_update?.stop_loss === 1;
    row.buttons.sell.hidden = !open || contract.is_valid_to_sell !== 1;
    row.buttons.sell.title = contract.validation_error ?? '';
    row.buttons.cancel.hidden = !open || contract.is_valid_to_cancel !== 1;
    row.buttons.orders.hidden = !open || !updatable;
    row.editor.follow(contract.limit_order, open && updatable);
  }

  /** Nothing follows the contract any more (the client was closed) though it was not seen sold. */
  lost(contractId: number, error: unknown): void {
    const row = this.#rows.get(contractId);
    if (!row || row.settled) return;
    for (const button of Object.values(row.buttons)) button.hidden = true;
    row.editor.follow(undefined, false);
    this.#setStatus(row, 'not followed');
    row.element.title = describeError(error);
  }

  #row(contractId: number): Row {
    const existing = this.#rows.get(contractId);
    if (existing) return existing;
    const element = document.createElement('tr');
    element.dataset.testid = 'contract-row';
    element.dataset.contractId = String(contractId);
    const cell = (className: string, text = '—') => {
      const td = element.insertCell();
      td.className = className;
      td.textContent = text;
      return td;
    };
    cell('id', String(contractId));
    const cells = {
      type: cell('type'),
      entry: cell('spot'),
      exit: cell('spot'),
      profit: cell('money'),
      status: cell('status'),
    };
    const action = cell('action', '');
    const button = (text: string, testId: string, onClick: () => void) => {
      const created = document.createElement('button');
      created.type = 'button';
      created.textContent = text;
      created.dataset.testid = testId;
      created.hidden = true;
      created.addEventListener('click', onClick);
      action.append(created);
      return created;
    };
    const editor = new OrdersEditor(element.cells.length, {
      save: (orders) => this.#run(contractId, 'Update', () => this.#actions.update(contractId, orders)),
    });
    const buttons = {
      sell: button(
        'Sell',
        'sell-button',
        () => void this.#run(contractId, 'Sell', () => this.#actions.sell(contractId)),
      ),
      cancel: button(
        'Cancel',
        'cancel-button',
        () => void this.#run(contractId, 'Cancel', () => this.#actions.cancel(contractId)),
      ),
      orders: button('TP/SL', 'orders-button', () => editor.toggle()),
    };
    const row: Row = { element, cells, buttons, editor, settled: false, busy: false };
    this.#rows.set(contractId, row);
    this.#elements.body.prepend(element);
    element.after(editor.element);
    this.#elements.empty.hidden = true;
    this.#trim();
    return row;
  }

  /**
   * One request of a row's at a time; while it runs the row's buttons are disabled. What it did
   * shows through the contract's stream (its next update is sold, cancelled, or has the new
   * orders); a refusal shows under the table. Resolves with whether it was done.
   */
  async #run(contractId: number, what: string, request: () => Promise<unknown>): Promise<boolean> {
    const row = this.#rows.get(contractId);
    if (!row || row.busy) return false;
    row.busy = true;
    for (const button of Object.values(row.buttons)) button.disabled = true;
    this.#showProblem('');
    try {
      await request();
      return true;
    } catch (error) {
      this.#showProblem(`${what} ${contractId}: ${describeError(error)}`);
      return false;
    } finally {
      row.busy = false;
      for (const button of Object.values(row.buttons)) button.disabled = false;
    }
  }

  #setStatus(row: Row, status: RowStatus): void {
    row.cells.status.textContent = status;
    row.element.dataset.status = status;
  }

  #trim(): void {
    for (const [id, row] of this.#rows) {
      if (this.#rows.size <= MAX_ROWS) return;
      if (!row.settled) continue;
      row.element.remove();
      row.editor.element.remove();
      this.#rows.delete(id);
    }
  }

  #showProblem(text: string): void {
    this.#elements.problem.textContent = text;
    this.#elements.problem.hidden = text === '';
  }
}
