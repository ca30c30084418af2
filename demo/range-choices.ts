import { percent } from './money.js';
import type { OfferRow } from './symbol-offer.js';

/** How a range's values read in their select; a value with no entry here shows as it is. */
const LABELS: Readonly<Record<string, (value: unknown) => string>> = {
  multiplier_range: (value) => `×${value}`,
  growth_rate_range: (value) => percent(Number(value)),
};

/**
 * Fills each `<select data-range="…">` inside `container` from the offer row's range of that
 * name (`multiplier_range`, `cancellation_range`, …): its options become the range's values,
 * after any option marked `data-keep` (such as "none"). The choice made before stays if it is
 * still offered; otherwise the first option is chosen. Returns whether any choice changed.
 */
export function fillRangeChoices(container: ParentNode, row: OfferRow | undefined): boolean {
  let changed = false;
  for (const select of Array.from(container.querySelectorAll<HTMLSelectElement>('select[data-range]'))) {
    const name = select.dataset.range!;
    const range = Array.isArray(row?.[name]) ? (row[name] as unknown[]) : [];
    const label = LABELS[name] ?? String;
    const before = select.value;
    const kept = Array.from(select.options).filter((option) => option.dataset.keep !== undefined);
    select.replaceChildren(...kept, ...range.map((value) => new Option(label(value), String(value))));
    if (Array.from(select.options).some((option) => option.value === before)) select.value = before;
    changed ||= select.value !== before;
  }
  return changed;
}
