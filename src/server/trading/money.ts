/** Decimals of USD amounts (stake, payout, prices). */
export const MONEY_DECIMALS = 2;

/**
 * Rounds to cents, half away from zero, on the number's shortest decimal text rather than its
 * binary value, so 1.005 becomes 1.01 as the real server's sprintf-based rounding prints it.
 */
export function roundMoney(amount: number): number {
  if (!Number.isFinite(amount)) return amount;
  const scale = 10 ** MONEY_DECIMALS;
  // 15 significant digits drop the binary noise (1.005 × 100 = 100.49999999999999 → 100.5).
  const cents = Math.round(Number((Math.abs(amount) * scale).toPrecision(15)));
  return (Math.sign(amount) * cents) / scale;
}

/** How many decimals a number has when written in full (1e-7 has 7, 2.50 has 1). */
export function decimalPlaces(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const [mantissa = '', exponent] = String(Math.abs(value)).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}
