/**
 * The standard normal CDF to near double precision, for Black-Scholes prices that must round to
 * the same cent as the real server's. The short polynomial approximations (Abramowitz-Stegun
 * 7.1.26 and the like) are off by about 1e-7, enough to move a price across a rounding edge, so
 * erfc is computed from two expansions that converge to full precision:
 *
 * - near zero, the everywhere-positive series erf(x) = 2/√π · e^(−x²) · Σ (2x²)^n · x / (2n+1)!!
 *   (all terms positive, so no cancellation);
 * - in the tail, the continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + (2/2)/(x + …))),
 *   which keeps full relative precision where erfc is tiny.
 */

const SQRT_PI = Math.sqrt(Math.PI);
/**
 * The switch point: below it the series needs few terms and 1 − erf loses under two digits
 * (erfc(1.5) ≈ 0.034); above it the continued fraction converges in under a hundred steps.
 */
const SERIES_LIMIT = 1.5;
const MAX_TERMS = 500;

/** erf(x) for |x| ≤ SERIES_LIMIT; odd, so summed for |x| and signed at the end. */
function erfSeries(x: number): number {
  const magnitude = Math.abs(x);
  if (magnitude === 0) return x;
  const twoX2 = 2 * x * x;
  let term = magnitude;
  let sum = magnitude;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= twoX2 / (2 * n + 1);
    sum += term;
    if (term < sum * Number.EPSILON) break;
  }
  return Math.sign(x) * (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/** erfc(x) for x > SERIES_LIMIT, by the modified Lentz method. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < MAX_TERMS; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < Number.EPSILON) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** The complementary error function 1 − erf(x); relative error below 1e-13 for x ≥ 0. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x <= SERIES_LIMIT) return 1 - erfSeries(x);
  if (x > 27.3) return 0; // e^(−x²) underflows below the smallest double
  return erfcContinuedFraction(x);
}

export function erf(x: number): number {
  if (Math.abs(x) <= SERIES_LIMIT) return erfSeries(x);
  return x > 0 ? 1 - erfc(x) : erfc(-x) - 1;
}

/** Φ(x) = P(Z ≤ x) for a standard normal Z. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}
