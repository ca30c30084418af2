const AMOUNT = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** An amount of money as the page shows it: `10,000.00`. */
export function money(amount: number): string {
  return AMOUNT.format(amount);
}

/** A profit or loss, signed either way: `+0.95`, `-1.00`, `0.00`. */
export function signedMoney(amount: number): string {
  return amount > 0 ? `+${AMOUNT.format(amount)}` : AMOUNT.format(amount);
}

/** A rate as a percentage: 0.03 → `3%` (rounded, as 0.07 × 100 is 7.000000000000001). */
export function percent(rate: number): string {
  return `${Math.round(rate * 10_000) / 100}%`;
}
