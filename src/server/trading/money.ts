/** Decimals of USD amounts (stake, payout, prices). */
export const MONEY_DECIMALS = 2;

/** Far more than 15 significant digits' rounding moves a number by (5e-15 of it), far less than a cent's fraction any price has. */
const NOISE = 1e-12;

/**
 * Rounds to cents, half away from zero, on the number's shortest decimal text rather than its
 * binary value, so 1.005 becomes 1.01 as the real server's sprintf-based rounding prints it.
 */
export function roundMoney(amount: number): number {
  if (!Number.isFinite(amount)) return amount;
  const scale = 10 ** MONEY_DECIMALS;
  const scaled = Math.abs(amount) * scale;
  // Only a value within binary noise of half a cent can round otherwise on its text: the others
  // skip the text, which cost a stream of open multipliers most of its view (three per message).
  const fraction = scaled - Math.floor(scaled);
  if (Math.abs(fraction - 0.5) > NOISE * Math.max(1, scaled)) return (Math.sign(amount) * Math.round(scaled)) / scale;
  // 15 significant digits drop the binary noise (1.005 × 100 = 100.49999999999999 → 100.5).
  const cents = Math.round(Number(scaled.toPrecision(15)));
  return (Math.sign(amount) * cents) / scale;
}

/** How many decimals a number has when written in full (1e-7 has 7, 2.50 has 1). */
export function decimalPlaces(value: number): number {
  // Whole numbers (most stakes) have none, whatever their text ("1e+21"); validation asks on every proposal and buy.
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0;
  // The shortest text, "mantissa[e±exponent]": the mantissa's fraction digits, shifted by the exponent.
  const text = String(Math.abs(value));
  const e = text.indexOf('e');
  const mantissaEnd = e === -1 ? text.length : e;
  const dot = text.indexOf('.');
  const fraction = dot === -1 || dot > mantissaEnd ? 0 : mantissaEnd - dot - 1;
  return Math.max(0, fraction - (e === -1 ? 0 : Number(text.slice(e + 1))));
}
