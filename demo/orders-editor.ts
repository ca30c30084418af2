import type { LimitOrderUpdate } from '../src/client/index.js';
import type { OpenContract } from './trading-calls.js';

type LimitOrder = OpenContract['limit_order'];

/** The orders in force, as amounts a person types: the stop loss as the loss, positive. */
interface Orders {
  takeProfit: number | null;
  stopLoss: number | null;
}

export interface OrdersEditorActions {
  /** Sends the change; resolves with whether the server took it. */
  save(orders: LimitOrderUpdate): Promise<boolean>;
}

const FIELDS = [
  ['takeProfit', 'Take profit', 'edit-take-profit', 'take profit'],
  ['stopLoss', 'Stop loss', 'edit-stop-loss', 'stop loss'],
] as const;

/**
 * A multiplier's take profit and stop loss, edited in a row of their own under the contract's:
 * filled with the orders in force when opened, an empty field removes that order, and Save
 * sends only what changed (`Contract.update`). It closes once the server has taken the change,
 * or when the contract can no longer be updated.
 */
export class OrdersEditor {
  readonly element: HTMLTableRowElement;
  readonly #inputs: Record<keyof Orders, HTMLInputElement>;
  readonly #note: HTMLElement;
  readonly #save: HTMLButtonElement;
  #current: Orders = { takeProfit: null, stopLoss: null };

  constructor(columns: number, actions: OrdersEditorActions) {
    this.element = document.createElement('tr');
    this.element.className = 'orders-editor';
    this.element.dataset.testid = 'orders-editor';
    this.element.hidden = true;
    const form = document.createElement('form');
    const inputs = {} as Record<keyof Orders, HTMLInputElement>;
    for (const [key, label, testId] of FIELDS) {
      const field = document.createElement('label');
      field.className = 'field';
      const caption = document.createElement('span');
      caption.textContent = label;
      const input = document.createElement('input');
      Object.assign(input, { type: 'number', min: '0', step: '0.01', placeholder: 'none', inputMode: 'decimal' });
      input.dataset.testid = testId;
      field.append(caption, input);
      form.append(field);
      inputs[key] = input;
    }
    this.#inputs = inputs;
    this.#save = document.createElement('button');
    this.#save.type = 'submit';
    this.#save.textContent = 'Save';
    this.#save.dataset.testid = 'save-orders';
    this.#note = document.createElement('span');
    this.#note.className = 'problem';
    this.#note.dataset.testid = 'orders-problem';
    form.append(this.#save, this.#note);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#submit(actions);
    });
    const cell = this.element.insertCell();
    cell.colSpan = columns;
    cell.append(form);
  }

  /** The orders the contract's latest update shows; closes the editor once it may not change them. */
  follow(limitOrder: LimitOrder, editable: boolean): void {
    this.#current = {
      takeProfit: limitOrder?.take_profit?.order_amount ?? null,
      stopLoss: limitOrder?.stop_loss?.order_amount == null ? null : Math.abs(limitOrder.stop_loss.order_amount),
    };
    if (!editable) this.element.hidden = true;
  }

  /** Opens it, filled with the orders in force, or closes it. */
  toggle(): void {
    if (!this.element.hidden) {
      this.element.hidden = true;
      return;
    }
    for (const [key] of FIELDS) this.#inputs[key].value = this.#current[key]?.toString() ?? '';
    this.#showNote('');
    this.element.hidden = false;
    this.#inputs.takeProfit.focus();
  }

  async #submit(actions: OrdersEditorActions): Promise<void> {
    const change: { takeProfit?: number | null; stopLoss?: number | null } = {};
    for (const [key, , , what] of FIELDS) {
      const input = this.#inputs[key];
      const amount = input.value.trim() === '' ? null : Number(input.value);
      if (input.validity.badInput || (amount !== null && !(amount > 0)))
        return this.#showNote(`The ${what} is an amount, such as 5, or empty to remove it.`);
      if (amount !== this.#current[key]) change[key] = amount;
    }
    if (Object.keys(change).length === 0) {
      this.element.hidden = true;
      return;
    }
    this.#save.disabled = true;
    this.#showNote('');
    try {
      // A refusal shows under the table, with the other buttons'.
      if (await actions.save(change)) this.element.hidden = true;
    } finally {
      this.#save.disabled = false;
    }
  }

  #showNote(text: string): void {
    this.#note.textContent = text;
    this.#note.hidden = text === '';
  }
}
