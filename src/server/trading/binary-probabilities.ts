import { normalCdf } from './normal-distribution.js';

/**
 * Closed-form Black-Scholes values of binary options paying 1, with r = q = 0 as Deriv prices
 * the volatility indices (docs/trading.md, "Pricing"). `t` is in years and must be > 0; callers handle
 * expiry (intrinsic value) themselves.
 */

function d2(spot: number, strike: number, sigma: number, t: number): number {
  return (Math.log(spot / strike) - (sigma * sigma * t) / 2) / (sigma * Math.sqrt(t));
}

/** Pays 1 if the spot ends above the strike: N(d2). */
export function callProbability(spot: number, strike: number, sigma: number, t: number): number {
  return normalCdf(d2(spot, strike, sigma, t));
}

/** Pays 1 if the spot ends below the strike: N(−d2). */
export function putProbability(spot: number, strike: number, sigma: number, t: number): number {
  return normalCdf(-d2(spot, strike, sigma, t));
}

/**
 * Pays 1 when the spot first touches the barrier (paid at hit, no discounting as r = 0). With
 * θ = −σ/2 and ν = σ/2 (the drift of log-price, and its absolute value for r = 0):
 * P = (U/S)^((θ+ν)/σ)·N(−η·e) + (U/S)^((θ−ν)/σ)·N(η·e′), η = −1 below the barrier, +1 above,
 * e = (ln(S/U) − σνt)/(σ√t), e′ = (−ln(S/U) − σνt)/(σ√t).
 */
export function oneTouchProbability(spot: number, barrier: number, sigma: number, t: number): number {
  if (spot === barrier) return 1;
  const theta = -sigma / 2;
  const nu = sigma / 2;
  const eta = spot < barrier ? -1 : 1;
  const logRatio = Math.log(spot / barrier);
  const spread = sigma * Math.sqrt(t);
  const e = (logRatio - sigma * nu * t) / spread;
  const ePrime = (-logRatio - sigma * nu * t) / spread;
  const ratio = barrier / spot;
  const value =
    ratio ** ((theta + nu) / sigma) * normalCdf(-eta * e) + ratio ** ((theta - nu) / sigma) * normalCdf(eta * ePrime);
  return Math.min(1, Math.max(0, value));
}

/** Pays 1 at expiry if the spot never touched the barrier: 1 − ONETOUCH (r = 0, so paying at hit or at end is the same). */
export function noTouchProbability(spot: number, barrier: number, sigma: number, t: number): number {
  return 1 - oneTouchProbability(spot, barrier, sigma, t);
}

export type DigitContractType = 'DIGITMATCH' | 'DIGITDIFF' | 'DIGITOVER' | 'DIGITUNDER' | 'DIGITEVEN' | 'DIGITODD';

/** The last digit is uniform on 0–9, whatever the duration (docs/trading.md, "Pricing"). */
export function digitProbability(type: DigitContractType, digit = 0): number {
  switch (type) {
    case 'DIGITMATCH':
      return 0.1;
    case 'DIGITDIFF':
      return 0.9;
    case 'DIGITOVER':
      return (9 - digit) / 10;
    case 'DIGITUNDER':
      return digit / 10;
    case 'DIGITEVEN':
    case 'DIGITODD':
      return 0.5;
  }
}
