/** The fields of an `active_symbols` entry the picker shows. */
export interface SymbolEntry {
  symbol: string;
  display_name: string;
  submarket_display_name?: string;
}

/** A 1 s index: the chart moves every second, as the guide's live feed does. */
const PREFERRED_SYMBOL = '1HZ100V';

/** The symbol `<select>`, filled from `active_symbols` and grouped by submarket, as Deriv's own pickers are. */
export class SymbolPicker {
  readonly #select: HTMLSelectElement;

  constructor(select: HTMLSelectElement, onChoose: (symbol: string) => void) {
    this.#select = select;
    select.addEventListener('change', () => onChoose(select.value));
  }

  /** Fills the list and returns the symbol to show: the one chosen before if it is still there. */
  fill(entries: readonly SymbolEntry[]): string | undefined {
    // Until the first fill the select is disabled and holds only a "loading" line.
    const before = this.#select.disabled ? PREFERRED_SYMBOL : this.#select.value;
    const groups = new Map<string, HTMLOptGroupElement>();
    for (const entry of entries) {
      const label = entry.submarket_display_name ?? 'Symbols';
      let group = groups.get(label);
      if (!group) {
        group = document.createElement('optgroup');
        group.label = label;
        groups.set(label, group);
      }
      group.append(new Option(`${entry.display_name} (${entry.symbol})`, entry.symbol));
    }
    this.#select.replaceChildren(...groups.values());
    this.#select.disabled = entries.length === 0;
    if (entries.some((entry) => entry.symbol === before)) this.#select.value = before;
    return entries.length > 0 ? this.#select.value : undefined;
  }
}
