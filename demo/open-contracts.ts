import { describeError } from './describe-error.js';
import { signedMoney } from './money.js';
import type { BuyReceipt, OpenContract } from './trading-calls.js';

/** Enough to compare a session's trades; the oldest settled rows go first, so the table never grows. */
const MAX_ROWS = 50;

export interface OpenContractsElements {
  body: HTMLTableSectionElement;
  empty: HTMLElement;
  problem: HTMLElement;
}

export interface OpenContractsActions {
  /** Sells the contract at the market; resolves with the sale, rejects with the server's refusal. */
  sell(contractId: number): Promise<unknown>;
}

/** A row's status: the contract's own (`open`, `won`, `lost`, `sold`), or the page's when nothing follows it any more. */
type RowStatus = string;

interface Row {
  readonly element: HTMLTableRowElement;
  readonly cells: Record<'type' | 'entry' | 'exit' | 'profit' | 'status', HTMLTableCellElement>;
  readonly sell: HTMLButtonElement;
  settled: boolean;
  selling: boolean;
}

/**
 * The contracts bought on this page, one row each, updated from their `proposal_open_contract`
 * stream: type, entry and exit spot, the live profit or loss, the status, and a Sell button
 * while the server says the contract may be sold (`is_valid_to_sell`).
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
    row.cells.type.textContent = `${contract.contract_type ?? '?'} · ${contract.underlying ?? '?'}`;
    row.cells.entry.textContent = contract.entry_spot_display_value ?? '—';
    row.cells.exit.textContent = contract.exit_tick_display_value ?? '—';
    const profit = contract.profit ?? 0;
    row.cells.profit.textContent = signedMoney(profit);
    row.cells.profit.dataset.sign = profit > 0 ? 'gain' : profit < 0 ? 'loss' : 'even';
    row.settled = contract.is_sold === 1;
    this.#setStatus(row, contract.status ?? 'open');
    row.sell.hidden = row.settled || contract.is_valid_to_sell !== 1;
    row.sell.title = contract.validation_error ?? '';
  }

  /** Nothing follows the contract any more (the client was closed) though it was not seen sold. */
  lost(contractId: number, error: unknown): void {
    const row = this.#rows.get(contractId);
    if (!row || row.settled) return;
    row.sell.hidden = true;
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
    const sell = document.createElement('button');
    sell.type = 'button';
    sell.textContent = 'Sell';
    sell.dataset.testid = 'sell-button';
    sell.hidden = true;
    sell.addEventListener('click', () => void this.#sell(contractId, row));
    cell('action', '').append(sell);
    const row: Row = { element, cells, sell, settled: false, selling: false };
    this.#rows.set(contractId, row);
    this.#elements.body.prepend(element);
    this.#elements.empty.hidden = true;
    this.#trim();
    return row;
  }

  async #sell(contractId: number, row: Row): Promise<void> {
    if (row.selling) return;
    row.selling = row.sell.disabled = true;
    this.#showProblem('');
    try {
      // The sale shows through the contract's stream: its next update is sold.
      await this.#actions.sell(contractId);
    } catch (error) {
      this.#showProblem(`Sell ${contractId}: ${describeError(error)}`);
    } finally {
      row.selling = row.sell.disabled = false;
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
      this.#rows.delete(id);
    }
  }

  #showProblem(text: string): void {
    this.#elements.problem.textContent = text;
    this.#elements.problem.hidden = text === '';
  }
}
